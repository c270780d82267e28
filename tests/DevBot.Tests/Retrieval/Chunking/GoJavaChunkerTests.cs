using DevBot.Retrieval.Chunking;

namespace DevBot.Tests.Retrieval.Chunking;

public sealed class GoJavaChunkerTests
{
    private const string Go = """
        package store

        import (
        	"context"
        	"fmt"
        )

        // ErrNotFound is returned when a key is missing.
        var ErrNotFound = fmt.Errorf("not found: %s", "{key}")

        const maxKeys = 1000

        type Store interface {
        	Get(ctx context.Context, key string) (string, error)
        	Put(ctx context.Context, key, value string) error
        }

        // MemoryStore keeps values in a map.
        type MemoryStore struct {
        	mu    sync.Mutex
        	items map[string]string
        }

        func NewMemoryStore() *MemoryStore {
        	return &MemoryStore{items: map[string]string{}}
        }

        // Get returns the value for key.
        func (s *MemoryStore) Get(ctx context.Context, key string) (string, error) {
        	s.mu.Lock()
        	defer s.mu.Unlock()
        	v, ok := s.items[key]
        	if !ok {
        		return "", fmt.Errorf(`missing "%s" }`, key)
        	}
        	return v, nil
        }

        func Map[T any, R any](items []T, fn func(T) R) []R {
        	out := make([]R, 0, len(items))
        	for _, item := range items {
        		out = append(out, fn(item))
        	}
        	go func() {
        		fmt.Println('}')
        	}()
        	return out
        }
        """;

    private const string Java = """"
        package com.example.orders;

        import java.util.*;

        /**
         * Handles orders. A brace in Javadoc: {@code {}}.
         */
        @Service
        public class OrderHandler extends BaseHandler implements Handler<Order> {
            private static final String PATTERN = "order-{id}";
            private final Map<String, Order> orders = new HashMap<>();

            public OrderHandler(Repository repo) {
                super(repo);
            }

            @Override
            @Transactional(readOnly = true)
            public Optional<Order> find(String id) throws NotFoundException {
                Runnable audit = new Runnable() {
                    @Override
                    public void run() {
                        System.out.println("audit {" + id);
                    }
                };
                orders.values().forEach(o -> { audit.run(); });
                char c = '}';
                return Optional.ofNullable(orders.get(id));
            }

            public static <T extends Comparable<T>> List<T> sorted(Collection<T> items) {
                String block = """
                    { not code }
                    """;
                return items.stream().sorted().toList();
            }

            enum Kind { RETAIL, WHOLESALE }

            interface Listener {
                void onOrder(Order order);
            }

            record Line(String sku, int qty) {}
        }
        """";

    [Fact]
    public void Go_functions_methods_generics_types_and_package_variables_are_found()
    {
        DefinitionOutline.Of("store/memory.go", Go).ShouldBe("""
            variable ErrNotFound 8-9
            variable maxKeys 11-11
            interface Store 13-16
            struct MemoryStore 18-22
            function NewMemoryStore 24-26
            method Get 28-37
            function Map 39-48
            """);
    }

    [Fact]
    public void Go_method_chunk_keeps_its_doc_comment_and_ignores_braces_in_raw_strings_and_runes()
    {
        var chunks = CodeChunker.Chunk("store/memory.go", Go, new ChunkerOptions { MaxLines = 15, MergeLines = 0 });

        var get = chunks.Single(c => c.Name == "Get");
        (get.StartLine, get.EndLine).ShouldBe((28, 37));
        get.Content.ShouldStartWith("// Get returns the value for key.\nfunc (s *MemoryStore) Get(");
        chunks.Single(c => c.Name == "Map").EndLine.ShouldBe(48);
    }

    [Fact]
    public void Java_nested_types_annotations_anonymous_classes_and_lambdas_are_told_apart()
    {
        DefinitionOutline.Of("src/main/java/com/example/orders/OrderHandler.java", Java).ShouldBe("""
            class OrderHandler 5-45
              constructor OrderHandler 13-15
              method find 17-29
                method run 21-24
              method sorted 31-36
              enum Kind 38-38
              interface Listener 40-42
                method onOrder 41-41
              record Line 44-44
            """);
    }

    [Fact]
    public void Unknown_languages_and_very_long_functions_fall_back_to_overlapping_line_windows()
    {
        var text = string.Join('\n', Enumerable.Range(1, 100).Select(i => $"line {i}"));

        var chunks = CodeChunker.Chunk("notes/todo.txt", text, new ChunkerOptions { MaxLines = 40, OverlapLines = 10 });

        chunks.Select(c => (c.StartLine, c.EndLine)).ShouldBe([(1, 40), (31, 70), (61, 100)]);
        chunks.ShouldAllBe(c => c.Kind == "module");

        var longFunction = "def long():\n" + string.Join('\n', Enumerable.Range(1, 99).Select(i => $"    x{i} = {i}"));
        var windows = CodeChunker.Chunk("long.py", longFunction, new ChunkerOptions { MaxLines = 40, OverlapLines = 10 });
        windows.Select(c => (c.StartLine, c.EndLine)).ShouldBe([(1, 40), (31, 70), (61, 100)]);
        windows.ShouldAllBe(c => c.Name == "long");
        windows[0].Definitions.Single().Name.ShouldBe("long");
        windows[1].Definitions.ShouldBeEmpty();
    }
}
