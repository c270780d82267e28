using DevBot.Retrieval.Chunking;

namespace DevBot.Tests.Retrieval.Chunking;

public sealed class ScriptChunkerTests
{
    private const string JavaScript = """
        import express from 'express'
        const { Router } = require('./router')

        const PATTERN = /\{(\w+)\}/g
        const router = express.Router()

        /** Formats a template like "{name}". */
        export function format(template, values) {
          return template.replace(PATTERN, (_, key) => `${values[key] ?? `{${key}}`}`)
        }

        export const slugify = (text) => {
          const cleaned = text.toLowerCase().replace(/[^a-z0-9{}]+/g, '-')
          return cleaned.replace(/^-|-$/g, '')
        }

        class UserController extends BaseController {
          #cache = new Map()

          constructor(service) {
            super()
            this.service = service
          }

          async show(req, res) {
            const user = await this.service.find(req.params.id)
            res.json({ user, links: { self: `/users/${user.id}` } })
          }

          static create = (service) => new UserController(service)

          get size() {
            return this.#cache.size
          }
        }

        router.get('/users/:id', async (req, res) => {
          res.send('}')
        })

        module.exports = {
          format,
          helpers: {
            upper(text) {
              return text.toUpperCase()
            },
          },
        }
        """;

    private const string TypeScript = """
        import { Injectable } from '@angular/core';

        export interface Repository<T> {
          find(id: string): Promise<T | undefined>;
          save(entity: T): Promise<void>;
        }

        export type Handler = (event: { type: string }) => void;

        export enum Status { Active = 'active', Closed = '}' }

        @Injectable({ providedIn: 'root' })
        export class UserService implements Repository<User> {
          private readonly users = new Map<string, User>();

          constructor(private readonly http: HttpClient) {}

          async find(id: string): Promise<User | undefined> {
            return this.users.get(id) ?? (await this.http.get<User>(`/api/users/${id}`));
          }

          save = async (user: User): Promise<void> => {
            this.users.set(user.id, user);
          };

          @Log()
          protected handle<TEvent extends { id: string }>(event: TEvent): void {
            const listeners = [1, 2].map((n) => { return n * 2; });
          }
        }

        export default function bootstrap(): void {}
        """;

    [Fact]
    public void JavaScript_functions_arrows_classes_and_object_methods_survive_regexes_and_template_literals()
    {
        DefinitionOutline.Of("web/users.js", JavaScript).ShouldBe("""
            variable PATTERN 4-4
            variable router 5-5
            function format 7-10
            function slugify 12-15
            class UserController 17-35
              method constructor 20-23
              method show 25-28
              method size 32-34
            method upper 44-46
            """);
    }

    [Fact]
    public void Callbacks_passed_to_calls_are_not_definitions_and_stay_in_their_chunk()
    {
        var chunks = CodeChunker.Chunk("web/users.js", JavaScript, new ChunkerOptions { MaxLines = 12, MergeLines = 0 });

        var route = chunks.Single(c => c.StartLine <= 37 && c.EndLine >= 39);
        route.Definitions.ShouldBeEmpty();
        route.Content.ShouldContain("res.send('}')");
        chunks.Single(c => c.Name == "UserController.show").References.ShouldBe(["show", "req", "res", "user", "service", "find", "id", "json", "links"]);
    }

    [Fact]
    public void TypeScript_interfaces_decorators_generics_and_arrow_fields_are_found()
    {
        DefinitionOutline.Of("src/app/user.service.ts", TypeScript).ShouldBe("""
            interface Repository 3-6
              method find 4-4
              method save 5-5
            type Handler 8-8
            enum Status 10-10
            class UserService 12-30
              method constructor 16-16
              method find 18-20
              method save 22-24
              method handle 26-29
            function bootstrap 32-32
            """);
    }
}
