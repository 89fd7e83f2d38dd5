// Renames wasm-bindgen's glue to the short import and export names wasm-opt gave the
// WebAssembly, by its syntax tree (acorn, the parser terser itself uses), not its text:
//   - keys of object literals named like an import (`__wbg_…: function(…)`), and the key
//     naming the import module (`"./x_bg.js": import0`);
//   - `wasm.<export>` member accesses.
// It fails, naming what, if an import is not found exactly once, or the glue uses an
// export wasm-opt did not rename: a changed glue stops the build, never ships broken.
//
// node rename_glue.cjs ACORN_DIR GLUE.js RENAMES.json NEW_MODULE > RENAMED.js
"use strict";

const fs = require("fs");
const [acornDir, glueFile, renamesFile, newModule] = process.argv.slice(2);
const acorn = require(acornDir);

const source = fs.readFileSync(glueFile, "utf8");
const renames = JSON.parse(fs.readFileSync(renamesFile, "utf8"));
const imports = new Map(renames.imports.map(([, old, renamed]) => [old, renamed]));
const modules = new Set(renames.imports.map(([module]) => module));
const exported = new Map(renames.exports);

const ast = acorn.parse(source, { ecmaVersion: "latest", sourceType: "module" });
const edits = [];
const placed = new Map();
const problems = [];

function keyName(key) {
  if (key.type === "Identifier") return key.name;
  if (key.type === "Literal" && typeof key.value === "string") return key.value;
  return null;
}

function visit(node) {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    node.forEach(visit);
    return;
  }
  if (node.type === "Property" && !node.computed) {
    const name = keyName(node.key);
    let renamed = null;
    if (name !== null && imports.has(name)) {
      renamed = imports.get(name);
      placed.set(name, (placed.get(name) || 0) + 1);
    } else if (name !== null && modules.has(name)) {
      renamed = newModule;
    }
    if (renamed !== null) {
      const text = JSON.stringify(renamed);
      if (node.shorthand) {
        edits.push([node.start, node.end, `${text}: ${name}`]);
      } else {
        edits.push([node.key.start, node.key.end, text]);
      }
    }
  }
  if (
    node.type === "MemberExpression" &&
    !node.computed &&
    node.object.type === "Identifier" &&
    node.object.name === "wasm" &&
    node.property.type === "Identifier"
  ) {
    const renamed = exported.get(node.property.name);
    if (renamed === undefined) {
      problems.push(`the glue uses wasm.${node.property.name}, which wasm-opt did not rename`);
    } else {
      edits.push([node.property.start, node.property.end, renamed]);
    }
  }
  for (const key of Object.keys(node)) {
    if (key !== "type" && key !== "start" && key !== "end") visit(node[key]);
  }
}

visit(ast);
for (const name of imports.keys()) {
  const n = placed.get(name) || 0;
  if (n !== 1) problems.push(`the glue has the import ${name} ${n} times, not once`);
}
if (problems.length > 0) {
  process.stderr.write(problems.join("\n") + "\n");
  process.exit(1);
}
edits.sort((a, b) => b[0] - a[0]);
let out = source;
for (const [start, end, text] of edits) {
  out = out.slice(0, start) + text + out.slice(end);
}
process.stdout.write(out);
