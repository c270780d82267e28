// Validates configuration files against the JSON schemas in ./schemas (ajv), after parsing them as TOML
// (smol-toml) or YAML (yaml), then checks what a schema cannot: every DevBot variable a file sets is one that
// .env.example documents (a typo would be silently ignored by DevBot), and fly.toml's process groups line up.
//   node validate-config.mjs ENV_EXAMPLE SCHEMA FILE [SCHEMA FILE ...]
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const [envExample, ...pairs] = process.argv.slice(2);
const documented = new Set([...readFileSync(envExample, "utf8").matchAll(/^[#\s]*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
// Set by the platform or the image, not DevBot settings.
const platform = new Set(["ASPNETCORE_HTTP_PORTS", "PORT"]);

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
ajv.addSchema(JSON.parse(readFileSync(join(here, "schemas", "cloud-run-container.schema.json"), "utf8")));

let failures = 0;
const fail = (file, message) => {
  failures++;
  console.log(`FAIL  ${file}: ${message}`);
};

for (let i = 0; i < pairs.length; i += 2) {
  const [schemaName, file] = [pairs[i], pairs[i + 1]];
  let config;
  try {
    const text = readFileSync(file, "utf8");
    config = file.endsWith(".toml") ? parseToml(text) : parseYaml(text, { strict: true, prettyErrors: true });
  } catch (e) {
    fail(file, `does not parse: ${e.message}`);
    continue;
  }

  const validate = ajv.compile(JSON.parse(readFileSync(join(here, "schemas", schemaName), "utf8")));
  const before = failures;
  if (!validate(config)) {
    for (const error of validate.errors) fail(file, `${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
  }

  for (const name of variablesOf(config)) {
    if (!documented.has(name) && !platform.has(name)) fail(file, `sets ${name}, which .env.example does not document (a typo?)`);
  }

  if (basename(file) === "fly.toml" && config.processes) {
    const groups = new Set(Object.keys(config.processes));
    const used = [...(config.http_service?.processes ?? []), ...(config.vm ?? []).flatMap((vm) => vm.processes ?? [])];
    for (const group of used) if (!groups.has(group)) fail(file, `names process group '${group}', which [processes] does not define`);
  }

  if (failures === before) console.log(`ok    ${file}`);
}
process.exit(failures ? 1 : 0);

function variablesOf(config) {
  if (config.env && !Array.isArray(config.env)) return Object.keys(config.env); // fly.toml [env]
  const names = [];
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      if (Array.isArray(node.containers)) for (const c of node.containers) for (const e of c.env ?? []) names.push(e.name);
      Object.values(node).forEach(walk);
    }
  };
  walk(config);
  return names;
}
