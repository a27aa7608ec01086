/**
 * Checks of meaning, after the schema: references between files, duplicates, contact
 * formats, links and HTML in texts, pictures. Each rule reports with a position and, where
 * one exists, the value the editor probably meant.
 */
import { relative } from 'node:path';
import { addressProblem, isEmail, telOf } from './addresses.ts';
import { controlCharacters } from './characters.ts';
import { closest, q, type Diagnostic, type DiagnosticCode } from './diagnostics.ts';
import type { DataPath, Origin, Project } from './model.ts';
import { pictureProblem } from './pictures.ts';
import type { FileKind } from './schema/definitions.ts';
import { controlDiagnostic } from './source.ts';
import { textProblems } from './text.ts';
import { walkStrings } from './walk.ts';

export type Locate = (origin: Origin, options?: { key?: boolean; find?: string }) => { line: number; column: number };

/** What the semantic checks need besides the model. */
export interface CheckContext {
  project: Project;
  locate: Locate;
  /** Ids defined by files that failed to parse or validate: references to them are not "unknown". */
  failed: Record<FileKind, Set<string>>;
  /** Raw data of every file that parsed, for the checks that walk every text. */
  raw: { file: string; kind: FileKind; data: unknown }[];
}

export interface Report {
  code: DiagnosticCode;
  message: string;
  hint?: string;
  suggestion?: string | undefined;
  key?: boolean;
  find?: string;
}

const URL_FIELDS = new Set(['url', 'faq', 'web', 'portal', 'wiki']);

export function checkSemantics(ctx: CheckContext): Diagnostic[] {
  const { project, locate, failed } = ctx;
  const diagnostics: Diagnostic[] = [];
  const report = (origin: Origin, r: Report) => {
    const { line, column } = locate(origin, { ...(r.key ? { key: true } : {}), ...(r.find ? { find: r.find } : {}) });
    diagnostics.push({
      file: origin.file,
      line,
      column,
      code: r.code,
      severity: 'error',
      message: r.message,
      ...(r.hint ? { hint: r.hint } : {}),
      ...(r.suggestion ? { suggestion: r.suggestion } : {}),
    });
  };
  const at = (origin: Origin, ...path: DataPath): Origin => ({ file: origin.file, path: [...origin.path, ...path] });

  // A reference to something that does not exist, with the closest existing id as suggestion.
  const reference = (
    origin: Origin,
    value: string,
    kind: FileKind | 'node',
    known: Iterable<string>,
    code: DiagnosticCode,
    what: string,
    hint: string,
    where = '',
  ) => {
    if (kind !== 'node' && failed[kind].has(value)) return;
    const candidates = [...known];
    if (candidates.includes(value)) return;
    report(origin, { code, message: `${what} ${q(value)} n’existe pas${where}.`, hint, suggestion: closest(value, candidates) });
  };

  for (const flow of project.flows.values()) {
    const nodeIds = [...flow.nodes.keys()];
    const nodeHint = `Les nœuds de ce parcours sont : ${nodeIds.join(', ')}.`;
    reference(at(flow.origin, 'start'), flow.start, 'node', nodeIds, 'unknown-node', 'Le nœud de départ', nodeHint);
    flow.related.forEach((id, i) =>
      reference(at(flow.origin, 'related', i), id, 'flow', project.flows.keys(), 'unknown-flow', 'Le parcours', 'Un parcours lié se désigne par le nom de son fichier dans flows/, sans .yaml.'),
    );
    for (const node of flow.nodes.values()) {
      switch (node.kind) {
        case 'question': {
          const seen = new Map<string, number>();
          node.answers.forEach((answer, i) => {
            reference(at(answer.origin, 'next'), answer.next, 'node', nodeIds, 'unknown-node', 'Le nœud', nodeHint);
            const key = answer.label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
            const first = seen.get(key);
            if (first !== undefined) {
              report(at(answer.origin, 'label'), {
                code: 'duplicate-answer',
                message: `La réponse ${q(answer.label)} figure deux fois dans la question ${q(node.id)} (réponses ${first + 1} et ${i + 1}).`,
                hint: 'Le lecteur ne saurait pas laquelle choisir : reformulez l’une des deux ou fusionnez-les.',
              });
            } else seen.set(key, i);
          });
          break;
        }
        case 'procedure':
          reference(at(node.origin, 'procedure'), node.procedure, 'procedure', project.procedures.keys(), 'unknown-procedure', 'La procédure', 'Une procédure se désigne par le nom de son fichier dans flows/procedures/, sans .yaml.');
          if (node.next !== undefined) reference(at(node.origin, 'next'), node.next, 'node', nodeIds, 'unknown-node', 'Le nœud', nodeHint);
          break;
        case 'support':
          if (node.contacts.length === 0) {
            // At `contacts: []` when it is written, else at the node.
            const written = ctx.raw.some((r) => r.file === node.origin.file && Array.isArray((r.data as { nodes?: Record<string, { contacts?: unknown }> }).nodes?.[node.id]?.contacts));
            report(written ? at(node.origin, 'contacts') : node.origin, {
              code: 'support-without-contact',
              key: true,
              message: `Le nœud de support ${q(node.id)} ne cite aucun contact.`,
              hint: 'Ajoutez `contacts: [identifiant]` avec au moins un contact de flows/contacts/ : le lecteur doit savoir qui appeler.',
            });
          }
          node.contacts.forEach((id, i) =>
            reference(at(node.origin, 'contacts', i), id, 'contacts', project.contacts.keys(), 'unknown-contact', 'Le contact', 'Les contacts sont définis dans flows/contacts/.'),
          );
          break;
        case 'flow': {
          const target = project.flows.get(node.flow);
          reference(at(node.origin, 'flow'), node.flow, 'flow', project.flows.keys(), 'unknown-flow', 'Le parcours', 'Un parcours se désigne par le nom de son fichier dans flows/, sans .yaml.');
          if (target && node.node !== undefined) {
            reference(at(node.origin, 'node'), node.node, 'node', target.nodes.keys(), 'unknown-node', 'Le nœud', `Les nœuds de ce parcours sont : ${[...target.nodes.keys()].join(', ')}.`, ` dans le parcours ${q(target.id)}`);
          }
          break;
        }
        case 'success':
          break;
      }
    }
  }

  // The national procedure at the end of a chain of variants; undefined if the chain loops or breaks.
  const nationalOf = (id: string): string | undefined => {
    const seen = new Set<string>();
    for (let current: string | undefined = id; current !== undefined && !seen.has(current); ) {
      seen.add(current);
      const next: string | undefined = project.procedures.get(current)?.variantOf;
      if (next === undefined) return project.procedures.has(current) ? current : undefined;
      current = next;
    }
    return undefined;
  };

  for (const procedure of project.procedures.values()) {
    if (procedure.brand !== undefined) {
      reference(at(procedure.origin, 'brand'), procedure.brand, 'brand', project.brands.keys(), 'unknown-brand', 'La marque', 'Les marques sont définies dans flows/brands/.');
    }
    if (procedure.variantOf === procedure.id) {
      report(at(procedure.origin, 'variantOf'), {
        code: 'variant-of-itself',
        message: `La procédure ${q(procedure.id)} se donne pour variante d’elle-même.`,
        hint: '« variantOf » désigne une autre procédure : la procédure nationale dont celle-ci est la variante régionale. Si cette procédure est la nationale, retirez « variantOf » (et « brand »).',
      });
    } else if (procedure.variantOf !== undefined) {
      reference(at(procedure.origin, 'variantOf'), procedure.variantOf, 'procedure', project.procedures.keys(), 'unknown-procedure', 'La procédure', '« variantOf » désigne la procédure nationale, par le nom de son fichier dans flows/procedures/.');
      if (procedure.brand === undefined) {
        report(at(procedure.origin, 'variantOf'), {
          code: 'variant-without-brand',
          key: true,
          message: 'Une variante (« variantOf ») doit dire de quelle marque elle est.',
          hint: 'Ajoutez `brand: identifiant-de-la-marque` (le nom d’un fichier de flows/brands/).',
        });
      }
      const base = project.procedures.get(procedure.variantOf);
      if (base?.variantOf !== undefined) {
        const national = nationalOf(base.id);
        const usable = national !== undefined && national !== procedure.id;
        report(at(procedure.origin, 'variantOf'), {
          code: 'variant-of-variant',
          message: `La procédure ${q(base.id)} est elle-même une variante : une variante se rattache à la procédure nationale.`,
          hint: usable
            ? `Écrivez \`variantOf: ${national}\`, la procédure nationale.`
            : '« variantOf » doit désigner la procédure nationale (une procédure sans « variantOf »), par le nom de son fichier dans flows/procedures/.',
        });
      }
    }
    for (const step of procedure.steps) {
      if (step.title === undefined && step.text === undefined && step.items.length === 0) {
        report(step.origin, {
          code: 'empty-step',
          message: `L’étape ${step.number} est vide.`,
          hint: 'Donnez-lui au moins un texte (« text »), un titre (« title ») ou une liste (« items »).',
        });
      }
      step.pictures.forEach((picture, i) => checkFile(at(step.origin, 'pictures', i, 'src'), picture.src, picture.path, 'L’image'));
    }
  }

  for (const brand of project.brands.values()) {
    if (brand.logo !== undefined) checkFile(at(brand.origin, 'logo'), relative(project.root, brand.logo), brand.logo, 'Le logo');
    brand.contacts.forEach((id, i) =>
      reference(at(brand.origin, 'contacts', i), id, 'contacts', project.contacts.keys(), 'unknown-contact', 'Le contact', 'Les contacts sont définis dans flows/contacts/.'),
    );
  }

  for (const contact of project.contacts.values()) {
    if (contact.email !== undefined && !isEmail(contact.email)) {
      report(at(contact.origin, 'email'), {
        code: 'invalid-email',
        message: `Adresse e-mail invalide : ${q(contact.email)}.`,
        hint: 'Une adresse s’écrit nom@domaine.fr, sans espace ni « mailto: ».',
      });
    }
    if (contact.phone !== undefined && telOf(contact.phone.number) === undefined) {
      report(at(contact.origin, 'phone', 'number'), {
        code: 'invalid-phone',
        message: `Numéro de téléphone invalide : ${q(contact.phone.number)}.`,
        hint: 'Écrivez un numéro français à 10 chiffres (0 809 40 00 82), un numéro international (+33 8 09 40 00 82) ou un numéro court à 4 chiffres (3646).',
      });
    }
    if (!contact.phone && !contact.email && !contact.faq && !contact.web) {
      report(contact.origin, {
        code: 'contact-unreachable',
        key: true,
        message: `Le contact ${q(contact.id)} n’a aucun moyen d’être joint.`,
        hint: 'Donnez-lui au moins un téléphone (phone), un e-mail (email), une FAQ (faq) ou une page web (web).',
      });
    }
  }

  // Texts and addresses, wherever they are: the one place that guarantees no field escapes.
  for (const { file, data } of ctx.raw) {
    walkStrings(data, (value, path) => {
      const origin = { file, path };
      // Invisible characters the file itself does not show (written as escapes, "\a"): the
      // ones written as such were reported when the file was read, at the same place.
      for (const found of controlCharacters(value)) {
        const { line, column } = locate(origin, { find: found.char });
        diagnostics.push(controlDiagnostic(file, line, column, found.description));
      }
      const field = path[path.length - 1];
      if (typeof field === 'string' && URL_FIELDS.has(field)) {
        const problem = addressProblem(value);
        if (problem) report(origin, problem);
        return;
      }
      // One HTML problem per text is enough: `<b>x</b>` is one mistake, not two.
      const problems = textProblems(value);
      const firstHtml = problems.find((p) => p.kind === 'raw-html');
      for (const problem of problems) {
        if (problem.kind === 'raw-html') {
          if (problem !== firstHtml) continue;
          report(origin, {
            code: 'raw-html',
            find: problem.found,
            message: `Le texte contient du HTML (${q(problem.found)}), qui n’est pas permis.`,
            hint: 'Écrivez le texte sans balises : **gras** pour le gras, [texte](https://…) pour un lien. Pour écrire le signe « < », ajoutez une espace après lui.',
          });
        } else {
          report(origin, { ...problem.problem, find: problem.found || '](' });
        }
      }
    });
  }

  function checkFile(origin: Origin, written: string, path: string, what: string) {
    const problem = pictureProblem(written, path, project.projectRoot, what);
    if (problem) report(origin, problem);
  }

  return diagnostics;
}

