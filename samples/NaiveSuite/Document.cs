using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace NaiveSuite;

public sealed class Document
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("slug")]
    public string Slug { get; set; } = "";

    [BsonElement("title")]
    public string Title { get; set; } = "";

    [BsonElement("body")]
    public string Body { get; set; } = "";
}
