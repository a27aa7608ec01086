/**
 * A project's own schemas for the editor: the shared ones, in which every reference to
 * another file (`procedure`, `contacts`, `brand`, `variantOf`, `flow`, `related`, and the
 * `node` of a link to another flow) is one of the project's real identifiers. VS Code then
 * completes them with their titles and underlines a missing one as one types.
 *
 * Node ids inside a flow (`start`, `next`) are not listed: they change with every keystroke
 * in the very file being edited, which a schema written at the last check cannot follow;
 * `parcours check --watch` reports them in the Problems panel at each save.
 */
import { nodeLabel } from '../describe.ts';
import type { Project } from '../model.ts';
import { plainText } from '../text.ts';
import { configSchema } from './config.ts';
import { buildSchemas, ID_PATTERN, type FileKind, type KnownId, type ProjectIds } from './definitions.ts';

/** Where a project keeps them, relative to its root (the folder above flows/). */
export const PROJECT_SCHEMAS_DIR = '.parcours/schemas';

const ID = new RegExp(ID_PATTERN);
const byId = (a: KnownId, b: KnownId) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The identifiers a loaded project defines. Files that failed to load still count (their
 * name is their identifier), so that fixing one file does not underline all who cite it.
 */
export function projectIds(project: Project): ProjectIds {
  const fileIds = (kind: FileKind, label: (id: string) => string | undefined): KnownId[] =>
    [...new Set(project.files.filter((f) => f.kind === kind && ID.test(f.id)).map((f) => f.id))].map((id) => ({ id, label: label(id) ?? '' })).sort(byId);
  const procedureLabel = (id: string) => {
    const procedure = project.procedures.get(id);
    return procedure && plainText(procedure.title);
  };
  const procedures = fileIds('procedure', procedureLabel);
  return {
    flows: fileIds('flow', (id) => project.flows.get(id)?.title),
    procedures,
    nationalProcedures: procedures.filter((p) => project.procedures.get(p.id)?.variantOf === undefined),
    contacts: [...project.contacts.values()].map((c) => ({ id: c.id, label: c.name })).sort(byId),
    brands: fileIds('brand', (id) => project.brands.get(id)?.name),
    nodesOf: Object.fromEntries(
      [...project.flows.values()].map((flow) => [flow.id, [...flow.nodes.values()].map((node) => ({ id: node.id, label: nodeLabel(node, project) })).sort(byId)]),
    ),
  };
}

/** The text of each of the project's schema files, by file name: same project, same bytes. */
export function projectSchemaFiles(project: Project): Record<string, string> {
  const schemas = { ...buildSchemas(projectIds(project)), config: configSchema };
  return Object.fromEntries(
    (Object.keys(schemas) as (FileKind | 'config')[]).map((kind) => [
      `${kind}.schema.json`,
      `${JSON.stringify({ $comment: 'Écrit par « parcours check » pour l’éditeur, d’après les fichiers du projet : ne pas modifier.', ...schemas[kind] }, null, 2)}\n`,
    ]),
  );
}
