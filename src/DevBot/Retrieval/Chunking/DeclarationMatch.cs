namespace DevBot.Retrieval.Chunking;

/// <summary>What a declaration header says: the defined name, its kind and a one-line signature.</summary>
internal sealed record DeclarationMatch(string Name, string Kind, string Signature);
