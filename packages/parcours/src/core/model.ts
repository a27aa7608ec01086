/**
 * The typed model that the loader builds from the YAML files, and that the site, the
 * diagrams, the printed sheets and the tests all read. Texts are kept as the editor wrote
 * them; `text.ts` parses their small Markdown subset when a renderer needs it.
 */
import type { FileKind } from './schema/definitions.ts';

/** A path into a YAML document, as keys and indexes (`['nodes', 'carte', 'answers', 0]`). */
export type DataPath = (string | number)[];

/** Where a model object came from, so that later checks can point at it. */
export interface Origin {
  /** The file, relative to the current directory as the editor typed it or as found. */
  file: string;
  path: DataPath;
}

export type Where = 'telephone' | 'ordinateur' | 'telephone-et-ordinateur';
export type CalloutKind = 'rule' | 'tip' | 'warning' | 'info';
export type View = 'mobile' | 'ordinateur';

export interface Link {
  label: string;
  url: string;
}

export interface Callout {
  kind: CalloutKind;
  title?: string;
  text?: string;
  items: string[];
}

export interface Picture {
  /** As written in the YAML, relative to that file. */
  src: string;
  /** Resolved absolute path on disk. */
  path: string;
  alt: string;
  view: View;
}

export interface Step {
  /** 1-based position in the procedure. */
  number: number;
  title?: string;
  text?: string;
  where?: Where;
  items: string[];
  callouts: Callout[];
  pictures: Picture[];
  /** An interactive helper shown under the step. */
  helper?: StepHelper;
  origin: Origin;
}

export type StepHelper = 'identifiant-national';

/** When a flow or procedure was last checked against its sources (`YYYY-MM-DD`), and by whom. */
export interface Review {
  reviewed?: string;
  owner?: string;
}

export interface Procedure extends Review {
  id: string;
  title: string;
  short?: string;
  description?: string;
  brand?: string;
  variantOf?: string;
  prerequisites: string[];
  steps: Step[];
  callouts: Callout[];
  outcome?: string;
  links: Link[];
  /** Words readers search with that the text does not use (for the site's search). */
  keywords: string[];
  origin: Origin;
}

export interface Answer {
  label: string;
  next: string;
  origin: Origin;
}

interface NodeBase {
  id: string;
  /** Words readers search with that the text does not use (for the site's search); none on a link to another flow. */
  keywords?: string[];
  origin: Origin;
}

export interface QuestionNode extends NodeBase {
  kind: 'question';
  question: string;
  help?: string;
  answers: Answer[];
}

export interface ProcedureNode extends NodeBase {
  kind: 'procedure';
  procedure: string;
  next?: string;
}

export interface SuccessNode extends NodeBase {
  kind: 'success';
  success: string;
  text?: string;
}

export interface SupportNode extends NodeBase {
  kind: 'support';
  support: string;
  text?: string;
  contacts: string[];
}

export interface FlowLinkNode extends NodeBase {
  kind: 'flow';
  flow: string;
  node?: string;
  label?: string;
}

export type FlowNode = QuestionNode | ProcedureNode | SuccessNode | SupportNode | FlowLinkNode;

export interface Flow extends Review {
  id: string;
  title: string;
  description?: string;
  /** What the flow does, short ("Activer mon compte"): the title of its card on the home page. */
  action?: string;
  order?: number;
  start: string;
  related: string[];
  /** In the order of the file. */
  nodes: Map<string, FlowNode>;
  origin: Origin;
}

export interface Phone {
  /** As written, for display. */
  number: string;
  /** International form for `tel:` links, e.g. `+33825852000`. */
  tel: string;
  cost?: string;
  hours?: string;
}

export interface Contact {
  id: string;
  name: string;
  for?: string;
  phone?: Phone;
  email?: string;
  faq?: string;
  web?: string;
  origin: Origin;
}

export interface Brand {
  id: string;
  name: string;
  portal?: string;
  wiki?: string;
  /** Resolved absolute path on disk. */
  logo?: string;
  logoAlt?: string;
  color?: string;
  contacts: string[];
  origin: Origin;
}

export interface SourceFile {
  /** As shown in messages. */
  file: string;
  /** Absolute path. */
  path: string;
  kind: FileKind;
  /** The id the file defines (its name without extension); contacts files define several. */
  id: string;
}

/** Everything loaded from one flows folder. */
export interface Project {
  /** The flows folder (absolute). */
  root: string;
  /** The folder that holds the flows folder: pictures must stay inside it (absolute). */
  projectRoot: string;
  flows: Map<string, Flow>;
  procedures: Map<string, Procedure>;
  contacts: Map<string, Contact>;
  brands: Map<string, Brand>;
  /** The editorial pages (content/*.mdx) that passed every check, by slug. */
  pages: Map<string, Page>;
  files: SourceFile[];
}

/** An editorial page (content/*.mdx), as the site shows it. */
export interface Page {
  /** Its address on the site, from its file name: content/aide.mdx → /aide/. */
  slug: string;
  /** As shown in messages. */
  file: string;
  /** Absolute path. */
  path: string;
  title: string;
  description?: string;
  /** The link's text in the footer (default: the title). */
  footer?: string;
  /** The footer's order. */
  order?: number;
  /** The pictures it shows (absolute paths, checked like a procedure's). */
  pictures: string[];
}
