namespace BlnkSliceApp.DevCloud.Stripe.Seeding;

static class Names
{
    public static readonly string[] First =
    [
        "Ada", "Bola", "Chen", "Dana", "Emeka", "Fatima", "Gustav", "Hana", "Ines", "Jonas",
        "Kemi", "Luca", "Mariam", "Nia", "Oskar", "Priya", "Quinn", "Rafael", "Sigrid", "Tomas",
        "Uche", "Vera", "Wanjiru", "Xavier", "Yusuf", "Zofia", "Aiko", "Bence", "Camille", "Dmitri",
        "Elif", "Farid", "Greta", "Hugo", "Ingrid", "Jin", "Katalin", "Lars", "Mona", "Noor",
    ];

    public static readonly string[] Last =
    [
        "Okafor", "Lindqvist", "Tanaka", "Moreau", "Adeyemi", "Kowalski", "Haddad", "Jonsdottir", "Nagy", "Rossi",
        "Schmidt", "Alvarez", "Nakamura", "Mensah", "Petrov", "Silva", "Dubois", "Eriksson", "Farouk", "Gallagher",
        "Horvath", "Ivanova", "Johansson", "Kim", "Lopez", "Mwangi", "Novak", "Olsen", "Park", "Quist",
    ];
}
