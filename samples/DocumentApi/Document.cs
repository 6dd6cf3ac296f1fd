namespace DocumentApi;

/// <summary>A document of the API. <see cref="Slug"/> is unique in the store.</summary>
public sealed record Document(string Slug, string Title, string Body, string Status = "draft", int Revision = 1);
