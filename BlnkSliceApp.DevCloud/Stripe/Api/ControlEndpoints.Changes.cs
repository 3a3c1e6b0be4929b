namespace BlnkSliceApp.DevCloud.Stripe.Api;

/// <summary>The controls that change what the account already holds: customers edited or deleted, disputes opened and moved on.</summary>
public sealed partial class ControlEndpoints
{
    object UpdateCustomer(string id, CustomerUpdateRequest? request)
    {
        if (request is null || request.Email is null && request.Name is null)
            throw new ArgumentException("The body must give email and/or name, for example {\"email\": \"new@example.com\"}.");
        var customer = account.UpdateCustomer(id, request.Email, request.Name);
        return new { id = customer.Id, email = customer.Email, name = customer.Name };
    }

    object OpenDispute(DisputeOpenRequest? request)
    {
        var charge = request?.Charge ?? throw new ArgumentException("The body must name the charge, for example {\"charge\": \"ch_...\"}.");
        return Describe(account.OpenDispute(charge, request.Inquiry, request.Reason ?? "fraudulent"));
    }

    object MoveDispute(string id, DisputeStatusRequest? request) =>
        Describe(account.MoveDispute(id, request?.Status ?? throw new ArgumentException("The body must name the new status, for example {\"status\": \"under_review\"}.")));

    static object Describe(Objects.DisputeRecord dispute) => new
    {
        id = dispute.Id,
        status = dispute.Status,
        charge = dispute.ChargeId,
        amount = dispute.Amount,
        currency = dispute.Currency,
        reason = dispute.Reason,
        evidence_due_by = dispute.EvidenceDueBy,
        balance_transactions = dispute.BalanceTransactionIds,
    };

    sealed record CustomerUpdateRequest
    {
        public string? Email { get; init; }
        public string? Name { get; init; }
    }

    sealed record DisputeOpenRequest
    {
        public string? Charge { get; init; }
        public bool Inquiry { get; init; }
        public string? Reason { get; init; }
    }

    sealed record DisputeStatusRequest
    {
        public string? Status { get; init; }
    }
}
