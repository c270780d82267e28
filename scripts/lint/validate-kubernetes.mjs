// Validates Kubernetes manifests offline against the API schemas shipped in the kubernetes-models package.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import * as models from "kubernetes-models";

let failures = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const obj = doc.toJS();
    if (!obj || obj.kind === "Kustomization") continue;
    const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
    const module = await import(`kubernetes-models/${group ? group + "/" : ""}${version}/${obj.kind}`);
    const Model = module[obj.kind] ?? module.default;
    try {
      new Model(obj).validate();
      console.log(`ok    ${file}: ${obj.kind}/${obj.metadata.name}`);
    } catch (e) {
      failures++;
      console.log(`FAIL  ${file}: ${obj.kind}/${obj.metadata?.name}: ${e.message}`);
    }
  }
}
process.exit(failures ? 1 : 0);
