using DevBot.Edits;

namespace DevBot.Tests.Edits;

/// <summary>The matching ladder and the report, one rule at a time, on files as models meet them.</summary>
public sealed class EditApplierTests
{
    private const string Inventory = """
        import json
        from dataclasses import dataclass


        @dataclass
        class Item:
            name: str
            quantity: int


        class Inventory:
            def __init__(self):
                self.items = {}

            def add(self, name, quantity):
                if quantity <= 0:
                    raise ValueError("quantity must be positive")
                item = self.items.get(name)
                if item is None:
                    self.items[name] = Item(name, quantity)
                else:
                    item.quantity += quantity

            def remove(self, name, quantity):
                item = self.items[name]
                if item.quantity < quantity:
                    raise ValueError("not enough stock")
                item.quantity -= quantity

            def to_json(self):
                return json.dumps({n: i.quantity for n, i in self.items.items()})

        """;

    private const string Cart = """
        namespace Shop;

        public sealed class Cart
        {
            private readonly List<decimal> _prices = new();

            public void Add(decimal price) => _prices.Add(price);

            public decimal Total() => _prices.Sum();
        }

        """;

    private const string Store =
        "package store\n\nimport \"errors\"\n\nvar ErrNotFound = errors.New(\"not found\")\n\n"
        + "type Store struct {\n\titems map[string]int\n}\n\n"
        + "func (s *Store) Get(key string) (int, error) {\n\tv, ok := s.items[key]\n\tif !ok {\n\t\treturn 0, ErrNotFound\n\t}\n\treturn v, nil\n}\n";

    /// <summary>A block for a function store.go does not have.</summary>
    private static readonly FileEdit.SearchReplace PutEdit = new("store.go",
        "func (s *Store) Put(key string, v int) {\n\ts.items[key] = v\n}",
        "func (s *Store) Put(key string, v int) {\n\tif s.items == nil {\n\t\ts.items = map[string]int{}\n\t}\n\ts.items[key] = v\n}");

    private static EditReport Apply(MemoryFiles files, params FileEdit[] edits) => EditApplier.Apply(files, edits, 256 * 1024);

    private static FileEdit.SearchReplace Edit(string path, string search, string replace) => new(path, search, replace);

    [Fact]
    public void Exact_search_lines_are_replaced_in_a_python_file()
    {
        var files = new MemoryFiles(("inventory.py", Inventory));

        var report = Apply(files, Edit("inventory.py",
            "        if item.quantity < quantity:\n            raise ValueError(\"not enough stock\")",
            "        if item.quantity < quantity:\n            raise ValueError(f\"only {item.quantity} {name} left\")"));

        report.Failed.ShouldBeEmpty();
        report.Applied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.Exact);
        files["inventory.py"].ShouldBe(Inventory.Replace("raise ValueError(\"not enough stock\")", "raise ValueError(f\"only {item.quantity} {name} left\")"));
        report.ChangedFiles.ShouldBe(["inventory.py"]);
    }

    [Fact]
    public void A_search_dedented_by_four_matches_and_the_replacement_is_indented_back_by_four()
    {
        var files = new MemoryFiles(("inventory.py", Inventory));

        var report = Apply(files, Edit("inventory.py",
            """
            def remove(self, name, quantity):
                item = self.items[name]
                if item.quantity < quantity:
                    raise ValueError("not enough stock")
                item.quantity -= quantity
            """,
            """
            def remove(self, name, quantity):
                item = self.items.get(name)
                if item is None or item.quantity < quantity:
                    raise ValueError("not enough stock")

                item.quantity -= quantity
            """));

        report.Applied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.Indentation);
        files["inventory.py"].ShouldContain("""
                def remove(self, name, quantity):
                    item = self.items.get(name)
                    if item is None or item.quantity < quantity:
                        raise ValueError("not enough stock")

                    item.quantity -= quantity

                def to_json(self):
            """);
        files["inventory.py"].ShouldNotContain("\n    \n", Case.Sensitive, "a blank line of the replacement gets no indentation");
    }

    [Fact]
    public void A_search_indented_more_than_the_file_matches_and_the_replacement_is_dedented_as_much()
    {
        var files = new MemoryFiles(("Cart.cs", Cart));

        var report = Apply(files, Edit("Cart.cs",
            "        public decimal Total() => _prices.Sum();",
            "        public decimal Total() => _prices.Sum();\n\n        public int Count => _prices.Count;"));

        report.Applied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.Indentation);
        files["Cart.cs"].ShouldEndWith("    public decimal Total() => _prices.Sum();\n\n    public int Count => _prices.Count;\n}\n");
    }

    [Fact]
    public void A_search_in_spaces_matches_a_go_file_indented_with_tabs_and_the_replacement_is_written_with_tabs()
    {
        var files = new MemoryFiles(("store.go", Store));

        var report = Apply(files, Edit("store.go",
            "    v, ok := s.items[key]\n    if !ok {\n        return 0, ErrNotFound\n    }",
            "    v, ok := s.items[key]\n    if !ok {\n        return 0, fmt.Errorf(\"%w: %s\", ErrNotFound, key)\n    }"));

        report.Applied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.Indentation);
        files["store.go"].ShouldBe(Store.Replace("\t\treturn 0, ErrNotFound\n", "\t\treturn 0, fmt.Errorf(\"%w: %s\", ErrNotFound, key)\n"));
    }

    [Fact]
    public void A_search_in_tabs_matches_a_file_indented_with_two_spaces()
    {
        const string Js = "export function total(items) {\n  let sum = 0;\n  for (const item of items) {\n    sum += item.price;\n  }\n  return sum;\n}\n";
        var files = new MemoryFiles(("total.js", Js));

        var report = Apply(files, Edit("total.js",
            "\tfor (const item of items) {\n\t\tsum += item.price;\n\t}",
            "\tfor (const item of items) {\n\t\tsum += item.price * item.quantity;\n\t}"));

        report.Applied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.Indentation);
        files["total.js"].ShouldBe(Js.Replace("sum += item.price;", "sum += item.price * item.quantity;"));
    }

    [Fact]
    public void Trailing_whitespace_in_the_file_does_not_stop_a_match_and_the_replacement_is_used_as_written()
    {
        const string Js = "export function formatPrice(cents) {   \n  const dollars = Math.floor(cents / 100);  \n  const rest = String(cents % 100).padStart(2, \"0\");\n  return `$${dollars}.${rest}`;\n}\n";
        var files = new MemoryFiles(("price.js", Js));

        var report = Apply(files, Edit("price.js",
            "export function formatPrice(cents) {\n  const dollars = Math.floor(cents / 100);",
            "export function formatPrice(cents, currency = \"$\") {\n  const dollars = Math.floor(cents / 100);"));

        report.Applied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.TrailingWhitespace);
        files["price.js"].ShouldStartWith("export function formatPrice(cents, currency = \"$\") {\n  const dollars = Math.floor(cents / 100);\n  const rest");
    }

    [Fact]
    public void A_blank_line_the_model_added_around_the_search_is_forgiven_and_dropped_from_the_replacement_too()
    {
        var files = new MemoryFiles(("Cart.cs", Cart));

        var report = Apply(files, Edit("Cart.cs",
            "\n    public decimal Total() => _prices.Sum();\n",
            "\n    public decimal Total() => _prices.Sum();\n\n    public int Count => _prices.Count;\n"));

        report.Applied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.BlankLines);
        files["Cart.cs"].ShouldEndWith("    public void Add(decimal price) => _prices.Add(price);\n\n    public decimal Total() => _prices.Sum();\n\n    public int Count => _prices.Count;\n}\n");
    }

    [Fact]
    public void An_elided_search_matches_its_pieces_in_order_and_keeps_the_lines_between_them()
    {
        var files = new MemoryFiles(("inventory.py", Inventory));

        var report = Apply(files, Edit("inventory.py",
            """
                def add(self, name, quantity):
                    ...
                    else:
                        item.quantity += quantity
            """,
            """
                def add(self, name, quantity: int) -> None:
                    ...
                    else:
                        item.quantity += quantity
                    self.changed = True
            """));

        report.Failed.ShouldBeEmpty();
        report.Applied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.Elision);
        files["inventory.py"].ShouldBe(Inventory
            .Replace("def add(self, name, quantity):", "def add(self, name, quantity: int) -> None:")
            .Replace("            item.quantity += quantity\n", "            item.quantity += quantity\n        self.changed = True\n"));
    }

    [Fact]
    public void An_elided_search_whose_replacement_has_another_number_of_elisions_is_refused_and_says_so()
    {
        var files = new MemoryFiles(("inventory.py", Inventory));

        var report = Apply(files, Edit("inventory.py",
            "    def add(self, name, quantity):\n        ...\n            item.quantity += quantity",
            "    def add(self, name, quantity: int):\n            item.quantity += quantity"));

        report.Failed.ShouldHaveSingleItem().Reason.ShouldContain("SEARCH has 1 '...' line(s) but REPLACE has 0");
        files["inventory.py"].ShouldBe(Inventory);
    }

    [Fact]
    public void Elided_pieces_found_out_of_order_are_refused_naming_their_lines()
    {
        var files = new MemoryFiles(("inventory.py", Inventory));

        var report = Apply(files, Edit("inventory.py",
            "    def to_json(self):\n...\n    def __init__(self):",
            "    def to_json(self) -> str:\n...\n    def __init__(self) -> None:"));

        report.Failed.ShouldHaveSingleItem().Reason.ShouldContain("out of order in the file (line 30, then line 12); list them in file order.");
        files["inventory.py"].ShouldBe(Inventory);
    }

    [Fact]
    public void A_crlf_file_keeps_crlf_line_endings_and_its_untouched_lines_byte_for_byte()
    {
        var crlf = Cart.Replace("\n", "\r\n", StringComparison.Ordinal);
        var files = new MemoryFiles(("Cart.cs", crlf));

        var report = Apply(files, Edit("Cart.cs",
            "    public decimal Total() => _prices.Sum();",
            "    public decimal Total() => _prices.Sum();\n\n    public int Count => _prices.Count;"));

        report.Applied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.Exact);
        files["Cart.cs"].ShouldBe(crlf.Replace("_prices.Sum();\r\n", "_prices.Sum();\r\n\r\n    public int Count => _prices.Count;\r\n"));
        files["Cart.cs"].Replace("\r\n", string.Empty, StringComparison.Ordinal).ShouldNotContain('\n');
    }

    [Fact]
    public void A_whole_file_block_for_a_crlf_file_is_written_with_crlf()
    {
        var files = new MemoryFiles(("notes.txt", "one\r\ntwo\r\n"));

        Apply(files, new FileEdit.WholeFile("notes.txt", "one\ntwo\nthree\n")).Failed.ShouldBeEmpty();

        files["notes.txt"].ShouldBe("one\r\ntwo\r\nthree\r\n");
    }

    [Fact]
    public void A_file_without_a_final_newline_keeps_it_missing_when_its_last_line_is_replaced()
    {
        var files = new MemoryFiles(("main.go", "package main\n\nfunc main() {}"));

        Apply(files, Edit("main.go", "func main() {}", "func main() {\n\trun()\n}")).Failed.ShouldBeEmpty();

        files["main.go"].ShouldBe("package main\n\nfunc main() {\n\trun()\n}");
    }

    [Fact]
    public void An_empty_search_creates_a_missing_file()
    {
        var files = new MemoryFiles();

        var report = Apply(files, Edit("tests/test_inventory.py", string.Empty, "from inventory import Inventory\n\n\ndef test_add():\n    assert Inventory()"));

        report.Applied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.Created);
        files["tests/test_inventory.py"].ShouldBe("from inventory import Inventory\n\n\ndef test_add():\n    assert Inventory()\n");
    }

    [Fact]
    public void An_empty_search_appends_to_an_existing_file_once_even_when_the_block_comes_again()
    {
        var files = new MemoryFiles(("app.js", "const a = 1;"));
        var append = Edit("app.js", string.Empty, "module.exports = { a };");

        Apply(files, append).Applied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.Appended);
        var again = Apply(files, append);

        again.Failed.ShouldBeEmpty();
        again.AlreadyApplied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.Appended);
        files["app.js"].ShouldBe("const a = 1;\nmodule.exports = { a };\n");
    }

    [Fact]
    public void A_search_that_matches_several_places_is_refused_naming_their_lines_and_changes_nothing()
    {
        const string Js = "function first(list) {\n  if (!list.length) {\n    return null;\n  }\n  return list[0];\n}\n\nfunction last(list) {\n  if (!list.length) {\n    return null;\n  }\n  return list[list.length - 1];\n}\n";
        var files = new MemoryFiles(("list.js", Js));

        var report = Apply(files, Edit("list.js", "  if (!list.length) {\n    return null;\n  }", "  if (!list.length) {\n    return undefined;\n  }"));

        report.Failed.ShouldHaveSingleItem().Reason.ShouldBe(
            "SEARCH/REPLACE for list.js: the SEARCH text matches 2 places (lines 2 and 9); include more of the surrounding lines so it matches one.");
        files["list.js"].ShouldBe(Js);
        files.Writes.ShouldBeEmpty();
    }

    [Fact]
    public void A_dedented_search_that_fits_several_indentations_is_refused_rather_than_guessed()
    {
        const string Py = "def a():\n    return None\n\n\nclass B:\n    def b(self):\n        return None\n";
        var files = new MemoryFiles(("m.py", Py));

        var report = Apply(files, Edit("m.py", "return None", "return 0"));

        report.Failed.ShouldHaveSingleItem().Reason.ShouldContain("matches 2 places (lines 2 and 7)");
        files["m.py"].ShouldBe(Py);
    }

    [Fact]
    public void A_block_whose_search_is_gone_and_whose_replacement_is_there_is_already_applied()
    {
        var applied = Inventory.Replace("raise ValueError(\"not enough stock\")", "raise ValueError(\"out of stock\")");
        var files = new MemoryFiles(("inventory.py", applied));

        var report = Apply(files, Edit("inventory.py",
            "            raise ValueError(\"not enough stock\")",
            "            raise ValueError(\"out of stock\")"));

        report.Succeeded.ShouldBeTrue();
        report.AlreadyApplied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.Exact);
        report.Applied.ShouldBeEmpty();
        files.Writes.ShouldBeEmpty();
    }

    [Fact]
    public void A_block_that_adds_lines_around_its_search_applies_once_and_then_counts_as_already_applied()
    {
        var files = new MemoryFiles(("inventory.py", Inventory));
        var addImport = Edit("inventory.py", "import json", "import json\nimport logging");

        Apply(files, addImport).Applied.ShouldHaveSingleItem();
        var again = Apply(files, addImport);

        again.AlreadyApplied.ShouldHaveSingleItem();
        again.Applied.ShouldBeEmpty();
        files["inventory.py"].ShouldStartWith("import json\nimport logging\nfrom dataclasses");
    }

    [Fact]
    public void A_search_not_in_the_file_fails_with_the_closest_lines_as_did_you_mean()
    {
        var files = new MemoryFiles(("inventory.py", Inventory));

        var report = Apply(files, Edit("inventory.py",
            "    def remove(self, name, qty):\n        item = self.items[name]\n        if item.qty < qty:",
            "    def remove(self, name, qty):\n        item = self.items[name]\n        if item.qty <= qty:"));

        var failed = report.Failed.ShouldHaveSingleItem();
        failed.Path.ShouldBe("inventory.py");
        failed.Reason.ShouldBe(
            "SEARCH/REPLACE for inventory.py: the SEARCH text was not found in the file (closest: lines 24-26). Copy the SEARCH lines exactly from the current file.");
        failed.DidYouMean.ShouldBe("    def remove(self, name, quantity):\n        item = self.items[name]\n        if item.quantity < quantity:");
        failed.Feedback.ShouldContain("The closest lines in inventory.py are:\n```\n    def remove(self, name, quantity):");
        files["inventory.py"].ShouldBe(Inventory);
    }

    [Fact]
    public void A_search_unlike_anything_in_the_file_fails_without_a_did_you_mean()
    {
        var files = new MemoryFiles(("store.go", Store));

        var report = Apply(files, Edit("store.go", "SELECT * FROM orders WHERE id = $1", "SELECT id FROM orders WHERE id = $1"));

        var failed = report.Failed.ShouldHaveSingleItem();
        failed.Reason.ShouldContain("was not found in the file and no part of the file is close to it");
        failed.DidYouMean.ShouldBeNull();
    }

    [Fact]
    public void A_deletion_whose_search_is_gone_fails_and_says_to_leave_it_out_if_it_was_already_removed()
    {
        var files = new MemoryFiles(("Cart.cs", Cart));

        var report = Apply(files, Edit("Cart.cs", "    public void Clear() => _prices.Clear();", string.Empty));

        report.Failed.ShouldHaveSingleItem().Reason.ShouldEndWith("If you already removed these lines, leave this block out.");
    }

    [Fact]
    public void Of_several_blocks_the_failed_one_changes_nothing_and_the_others_apply_in_order()
    {
        var files = new MemoryFiles(("inventory.py", Inventory), ("store.go", Store));

        var report = Apply(files,
            Edit("inventory.py", "import json", "import json\nimport logging"),
            PutEdit,
            Edit("inventory.py", "import logging", "import logging\n\nlog = logging.getLogger(__name__)"),
            new FileEdit.WholeFile("README.md", "# Inventory\n"));

        report.Applied.Select(a => (a.Path, a.Match)).ShouldBe(
            [("inventory.py", EditMatch.Exact), ("inventory.py", EditMatch.Exact), ("README.md", EditMatch.WholeFile)]);
        report.Failed.ShouldHaveSingleItem().Path.ShouldBe("store.go");
        report.Failed[0].Edit.ShouldBe(PutEdit);
        files["store.go"].ShouldBe(Store);
        files["inventory.py"].ShouldStartWith("import json\nimport logging\n\nlog = logging.getLogger(__name__)\nfrom dataclasses");
        report.ChangedFiles.ShouldBe(["README.md", "inventory.py"]);
        files.Writes.Count.ShouldBe(2, "each changed file is written once");
    }

    [Fact]
    public void A_search_inside_a_line_is_replaced_when_it_occurs_once_between_tokens()
    {
        var files = new MemoryFiles(("Cart.cs", Cart));

        var report = Apply(files, Edit("Cart.cs", "_prices.Sum()", "_prices.DefaultIfEmpty().Sum()"));

        report.Applied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.InsideLines);
        files["Cart.cs"].ShouldContain("    public decimal Total() => _prices.DefaultIfEmpty().Sum();\n");
    }

    [Fact]
    public void A_search_inside_a_line_never_matches_part_of_a_longer_word_or_number()
    {
        var files = new MemoryFiles(("config.py", "RETRIES = 10\nTIMEOUT = 1\n"));

        var report = Apply(files, Edit("config.py", "RETRIES = 1", "RETRIES = 2"));

        report.Failed.ShouldHaveSingleItem();
        files["config.py"].ShouldBe("RETRIES = 10\nTIMEOUT = 1\n");
    }

    [Fact]
    public void A_search_on_a_missing_file_fails_and_names_a_file_that_differs_only_in_case()
    {
        var files = new MemoryFiles(("converter.py", "x = 1\n"));

        var report = Apply(files, Edit("Converter.py", "x = 1", "x = 2"));

        report.Failed.ShouldHaveSingleItem().Reason.ShouldBe(
            "SEARCH/REPLACE for Converter.py: the file does not exist; send its whole content as a file block, or use an empty SEARCH to create it. "
            + "converter.py exists; Converter.py differs only in case (file names must differ by more than letter case, or they become one file on Windows and macOS).");
    }

    [Fact]
    public void A_file_the_store_refuses_fails_its_blocks_and_the_other_files_still_change()
    {
        var files = new MemoryFiles(("a.py", "a = 1\n"), ("b.py", "b = 1\n"));
        files.Refusals["a.py"] = "a.py goes through the symbolic link a.py; edits never follow links.";
        files.WriteErrors["c.py"] = "c.py could not be written: disk full";

        var report = Apply(files, Edit("a.py", "a = 1", "a = 2"), Edit("b.py", "b = 1", "b = 2"), new FileEdit.WholeFile("c.py", "c\n"));

        report.Failed.Select(f => f.Reason).ShouldBe(
            ["a.py goes through the symbolic link a.py; edits never follow links.", "c.py could not be written: disk full"]);
        report.Applied.ShouldHaveSingleItem().Path.ShouldBe("b.py");
        report.ChangedFiles.ShouldBe(["b.py"]);
        files["a.py"].ShouldBe("a = 1\n");
    }

    [Fact]
    public void The_blocks_the_parser_could_not_use_come_first_among_the_failures()
    {
        var files = new MemoryFiles(("a.py", "a = 1\n"));
        var parsed = FileEditParser.Parse("../evil.py\n```\nx\n```\na.py\n```python\n<<<<<<< SEARCH\nb = 1\n=======\nb = 2\n>>>>>>> REPLACE\n```\n");

        var report = EditApplier.Apply(files, parsed, 1024);

        report.Failed.Select(f => f.Path).ShouldBe(new string?[] { null, "a.py" });
        report.Failed[0].Reason.ShouldContain("leaves the project");
        report.Failed[0].Edit.ShouldBeNull();
    }

    [Fact]
    public void A_whole_file_block_with_the_same_content_is_already_applied()
    {
        var files = new MemoryFiles(("a.py", "a = 1\n"));

        var report = Apply(files, new FileEdit.WholeFile("a.py", "a = 1\n"));

        report.AlreadyApplied.ShouldHaveSingleItem().Match.ShouldBe(EditMatch.WholeFile);
        files.Writes.ShouldBeEmpty();
    }

    [Fact]
    public void A_search_too_repetitive_to_locate_within_the_work_budget_is_refused()
    {
        var file = string.Concat(Enumerable.Repeat("x = 1\n", 20_000));
        var search = string.Join('\n', Enumerable.Repeat("x = 1", 5_000)) + "\ny = 2";
        var files = new MemoryFiles(("big.py", file));

        var report = Apply(files, Edit("big.py", search, "z = 3"));

        report.Failed.ShouldHaveSingleItem().Reason.ShouldContain("too long or repetitive to locate within the work limit");
    }
}
