// Builds a project through the client generated from DevBot's served OpenAPI document (openapi-typescript writes
// schema.d.ts next to this file; openapi-fetch is the runtime). tsc type-checks every path, parameter and body
// against the document before this runs. Prints one JSON line with what happened; GeneratedClientTests asserts it.
import createClient from "openapi-fetch";
import { writeFile } from "node:fs/promises";
import type { components, paths } from "./schema.js";

type ProjectDetails = components["schemas"]["ProjectDetails"];

const baseUrl = required("DEVBOT_URL");
const archivePath = required("ARCHIVE_PATH");
const finalStatuses = new Set(["completed", "failed", "cancelled", "awaiting_credits"]);

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function clientFor(apiKey: string) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });
}

// The key the test created: used once, to make a key of this client's own, which does everything else.
const firstClient = clientFor(required("DEVBOT_API_KEY"));
const created = await firstClient.POST("/api/v1/me/keys", { body: { label: "generated-client" } });
if (!created.data) throw new Error(`creating a key answered ${created.response.status}: ${JSON.stringify(created.error)}`);
const client = clientFor(created.data.key);
const me = await client.GET("/api/v1/me");
if (!me.data) throw new Error(`the new key was refused: ${me.response.status}`);

const submitted = await client.POST("/api/v1/projects", {
  body: { description: "A command line temperature converter in Python, with tests.", title: null, stack: null },
});
if (!submitted.data) throw new Error(`submitting answered ${submitted.response.status}: ${JSON.stringify(submitted.error)}`);
const id = submitted.data.id;

let project: ProjectDetails;
let polls = 0;
for (;;) {
  const { data, error, response } = await client.GET("/api/v1/projects/{id}", { params: { path: { id } } });
  if (!data) throw new Error(`reading the project answered ${response.status}: ${JSON.stringify(error)}`);
  polls++;
  project = data;
  if (finalStatuses.has(project.status)) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}

const archive = await client.GET("/api/v1/projects/{id}/archive", { params: { path: { id } }, parseAs: "arrayBuffer" });
if (!archive.data) throw new Error(`the archive answered ${archive.response.status}: ${JSON.stringify(archive.error)}`);
await writeFile(archivePath, Buffer.from(archive.data));

// An error comes back typed as the problem the document declares.
const missing = await client.GET("/api/v1/projects/{id}", { params: { path: { id: "00000000-0000-0000-0000-000000000000" } } });

console.log(JSON.stringify({
  keyId: created.data.id,
  userId: me.data.id,
  projectId: id,
  acceptedStatus: submitted.data.status,
  status: project.status,
  files: project.files.map((file) => file.path),
  polls,
  archiveBytes: archive.data.byteLength,
  archiveType: archive.response.headers.get("content-type"),
  missingStatus: missing.response.status,
  missingTitle: missing.error?.title ?? null,
}));
