using DevBot.Retrieval.Chunking;

namespace DevBot.Tests.Retrieval.Chunking;

public sealed class PythonChunkerTests
{
    private const string Source = """"
        """Inventory service.

        Braces in docstrings { are text.
        """
        import functools
        from dataclasses import dataclass

        MAX_ITEMS = 100
        _registry: dict[str, "Item"] = {}


        def log_calls(func):
            @functools.wraps(func)
            def wrapper(*args, **kwargs):
                print(f"calling {func.__name__} with {{args}}")
                return func(*args, **kwargs)
            return wrapper


        @dataclass(frozen=True)
        class Item:
            sku: str
            quantity: int = 0

            class Meta:
                table = "items"

                def describe(self):
                    return "meta { for " + Item.Meta.table

            @property
            def label(self) -> str:
                # a comment with a colon: and braces }
                return f"{self.sku} x{self.quantity}"

            @staticmethod
            def parse(text: str,
                      separator: str = ":") -> "Item":
                sku, _, qty = text.partition(separator)
                return Item(sku, int(qty or 0))


        async def restock(items, amount=lambda item: item.quantity * 2):
            total = sum(amount(i) for i in items)
            note = '''
        def not_a_function():
            pass
        '''
            return total, note
        """";

    [Fact]
    public void Indentation_decorators_nested_classes_and_multi_line_strings_give_the_right_definitions()
    {
        DefinitionOutline.Of("inventory/service.py", Source).ShouldBe("""
            variable MAX_ITEMS 8-8
            variable _registry 9-9
            function log_calls 12-17
              function wrapper 13-16
            class Item 20-40
              class Meta 25-29
                method describe 28-29
              method label 31-34
              method parse 36-40
            function restock 43-49
            """);
    }

    [Fact]
    public void A_large_class_is_split_into_its_head_and_its_decorated_methods()
    {
        var chunks = CodeChunker.Chunk("inventory/service.py", Source, new ChunkerOptions { MaxLines = 12, MergeLines = 0 });

        chunks.Select(c => (c.Kind, c.Name, c.StartLine, c.EndLine)).ShouldBe(
        [
            ("module", null, 1, 9),
            ("function", "log_calls", 12, 17),
            ("class", "Item", 20, 23),
            ("class", "Item.Meta", 25, 29),
            ("method", "Item.label", 31, 34),
            ("method", "Item.parse", 36, 40),
            ("function", "restock", 43, 49),
        ]);
        var parse = chunks.Single(c => c.Name == "Item.parse");
        parse.Content.ShouldStartWith("    @staticmethod\n    def parse(text: str,");
        parse.Definitions.Single().Signature.ShouldBe("def parse(text: str, separator: str = \":\") -> \"Item\"");
        parse.Definitions.Single().Container.ShouldBe("Item");
        parse.References.ShouldContain("partition");
        chunks.Single(c => c.Name == "restock").References.ShouldNotContain("not_a_function");
    }

    [Fact]
    public void Small_neighbours_are_packed_into_one_chunk_up_to_the_merge_size()
    {
        var chunks = CodeChunker.Chunk("inventory/service.py", Source, new ChunkerOptions { MaxLines = 12, MergeLines = 20 });

        chunks.First().StartLine.ShouldBe(1);
        chunks.First().EndLine.ShouldBe(17);
        chunks.First().Kind.ShouldBe("group");
        chunks.First().Definitions.Select(d => d.Name).ShouldBe(["MAX_ITEMS", "_registry", "log_calls", "wrapper"]);
    }
}
