using DevBot.Retrieval.Chunking;

namespace DevBot.Tests.Retrieval.Chunking;

public sealed class CSharpChunkerTests
{
    private const string Source = """"
        using System.Text.Json;

        namespace Shop.Orders;

        /// <summary>Prices orders. Braces in comments never count: { { {</summary>
        public sealed class OrderService(IOrderStore store, ILogger<OrderService> logger) : IOrderService
        {
            private const string Template = "order/{id}/items/{{index}}";
            private static readonly string Raw = """
                { "unbalanced": [ {
                """;

            public int Count => store.Count;

            public string Name { get; init; } = "orders";

            [HttpGet("orders/{id}")]
            [Authorize(Policy = "read")]
            public async Task<Order?> FindAsync(Guid id, CancellationToken ct)
            {
                var label = $"order {id} with {(ct.CanBeCanceled ? "token }" : "no token {")}";
                logger.LogInformation(@"Looking up ""{Label}"" }", label);
                var matches = store.Orders.Where(o => { return o.Id == id; }).ToList();
                char brace = '{';
                return matches.FirstOrDefault();
            }

            public decimal Total(Order order) => order.Lines.Sum(line => line.Price * line.Quantity);

            public sealed class Builder
            {
                private readonly List<OrderLine> _lines = [];

                public Builder Add(string sku, int quantity)
                {
                    _lines.Add(new OrderLine(sku, quantity) { Note = "}" });
                    return this;
                }

                public Order Build() => new(_lines);
            }
        }

        public interface IOrderService
        {
            Task<Order?> FindAsync(Guid id, CancellationToken ct);
        }

        public record OrderLine(string Sku, int Quantity);
        """";

    [Fact]
    public void Nested_classes_methods_attributes_and_expression_members_are_found_with_their_lines()
    {
        var outline = DefinitionOutline.Of("src/Orders/OrderService.cs", Source);

        outline.ShouldBe("""
            class OrderService 5-42
              property Count 13-13
              property Name 15-15
              method FindAsync 17-26
              method Total 28-28
              class Builder 30-41
                method Add 34-38
                method Build 40-40
            interface IOrderService 44-47
              method FindAsync 46-46
            record OrderLine 49-49
            """);
    }

    [Fact]
    public void Braces_in_strings_comments_raw_and_interpolated_strings_do_not_break_the_method()
    {
        var chunks = CodeChunker.Chunk("src/Orders/OrderService.cs", Source, new ChunkerOptions { MaxLines = 14, MergeLines = 0 });

        var find = chunks.Single(c => c.Name == "OrderService.FindAsync");
        find.StartLine.ShouldBe(17);
        find.EndLine.ShouldBe(26);
        find.Content.ShouldStartWith("    [HttpGet(\"orders/{id}\")]");
        find.Content.ShouldEndWith("    }");
        find.Name.ShouldBe("OrderService.FindAsync");
        find.References.ShouldContain("store");
        find.References.ShouldContain("FirstOrDefault");
        find.References.ShouldNotContain("token"); // only inside a string
    }

    [Fact]
    public void A_class_too_big_for_one_chunk_is_split_into_its_members_and_its_head()
    {
        var chunks = CodeChunker.Chunk("src/Orders/OrderService.cs", Source, new ChunkerOptions { MaxLines = 14, MergeLines = 0 });

        chunks.Select(c => (c.Kind, c.Name, c.StartLine, c.EndLine)).ShouldBe(
        [
            ("module", null, 1, 3),
            ("class", "OrderService", 5, 13),
            ("property", "OrderService.Name", 15, 15),
            ("method", "OrderService.FindAsync", 17, 26),
            ("class", "OrderService", 28, 28),
            ("class", "OrderService.Builder", 30, 41),
            ("interface", "IOrderService", 44, 47),
            ("module", null, 49, 49),
        ]);
        chunks.SelectMany(c => c.Definitions).Count().ShouldBe(11);
        chunks.Single(c => c.Name == "OrderService.Builder").Definitions.Select(d => d.Name).ShouldBe(["Builder", "Add", "Build"]);
    }
}
