namespace BlnkSliceApp.DevCloud.Cloud.Ledger;

public enum DataResource { Ledgers, Balances, Transactions, Identities, Alerts }

public static class DataResources
{
    public static bool TryParse(string name, out DataResource resource)
    {
        switch (name)
        {
            case "ledgers": resource = DataResource.Ledgers; return true;
            case "balances": resource = DataResource.Balances; return true;
            case "transactions": resource = DataResource.Transactions; return true;
            case "identities": resource = DataResource.Identities; return true;
            default: resource = default; return false;
        }
    }

    /// <summary>Cloud's default page sizes: 30 for ledgers, 20 for everything else.</summary>
    public static int DefaultPageSize(DataResource resource) => resource == DataResource.Ledgers ? 30 : 20;

    public static string IdField(DataResource resource) => resource switch
    {
        DataResource.Ledgers => "ledger_id",
        DataResource.Balances => "balance_id",
        DataResource.Transactions => "transaction_id",
        DataResource.Identities => "identity_id",
        DataResource.Alerts => "anomaly_id",
        _ => "id",
    };
}
