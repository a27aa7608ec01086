/**
 * What `parcours diff` finds, as data: what a reader of the site and of the sheets will see
 * differently between two versions of a content project. The terminal, Markdown and JSON
 * outputs are all made from this one object (`--json` prints it as it is).
 */

/** A piece of a text in a before/after: `changed` when it was removed (before) or added (after). */
export interface Segment {
  text: string;
  changed?: true;
}

/** The ending of a French past participle: masculine, feminine, plural. */
export type Ending = '' | 'e' | 's' | 'es';

/** What a change is about, named as a reader knows it. */
export interface Subject {
  kind: 'flow' | 'node' | 'procedure' | 'contact' | 'brand' | 'sheet' | 'site' | 'page';
  /** The editor's identifier (file name, node or contact key; for a page, its file). */
  id: string;
  /** The journey's title, the question, the procedure's title, the contact's name… */
  name: string;
  /** A node's journey (its id, after the change). */
  flow?: string;
  /** A node's kind. */
  nodeKind?: 'question' | 'procedure' | 'success' | 'support' | 'flow';
}

/** One part of something (a title, a step's text, a phone number) that a reader sees differently. */
export interface FieldChange {
  type: 'field';
  subject: Subject;
  /** The part, in French (« Question », « Étape 3, texte », « Téléphone »). */
  field: string;
  /** The ending of « ajouté », « retiré » for this part's gender and number (« Étape 3 ajoutée »). */
  ending: Ending;
  /** Absent: the part is new. */
  before?: string;
  /** Absent: the part is gone. */
  after?: string;
  /** Both present: the words that changed. */
  words?: { before: Segment[]; after: Segment[] };
  /** A phone number, an e-mail, an address or who to call: the riskiest edit there is. */
  contactDetails: boolean;
}

/** Something added or removed as a whole (a journey, a node, a contact…). */
export interface PresenceChange {
  type: 'added' | 'removed';
  subject: Subject;
  /** What it holds, when that is short and worth reading (a contact's phone, a node's kind). */
  details: string[];
  contactDetails: boolean;
}

/** Same content under a new identifier: its page's address (and, for a procedure, its sheet's file) changes. */
export interface RenameChange {
  type: 'renamed';
  subject: Subject;
  from: string;
  to: string;
}

export type Change = FieldChange | PresenceChange | RenameChange;

/** How a reader's path ends: the end's kind and, in words, where it leads. */
export interface PathEnd {
  kind: 'success' | 'support' | 'flow';
  label: string;
}

/**
 * A reader's way through a journey, named by the answers given in order:
 * - `rerouted`: the same answers now end elsewhere;
 * - `via`: the same answers and end, through other procedures;
 * - `appeared` / `disappeared`: answers that lead somewhere only after / only before.
 */
export interface PathChange {
  type: 'rerouted' | 'via' | 'appeared' | 'disappeared';
  answers: string[];
  before?: PathEnd;
  after?: PathEnd;
  /** The procedures the path goes through (their titles), for `via`. */
  viaBefore?: string[];
  viaAfter?: string[];
}

/** How the new journey's diagram marks a node (by its id in the new version). */
export type NodeMark = 'added' | 'rerouted' | 'changed';

/** Everything that changed about one journey, procedure, contact, brand, or the site. */
export interface Block {
  subject: Subject;
  status: 'added' | 'removed' | 'renamed' | 'changed';
  changes: Change[];
  /** Journeys: the reader paths that changed. */
  paths: PathChange[];
  /** Journeys: more paths than could be listed (on either side). */
  pathsTruncated?: boolean;
  /** Journeys: the nodes to mark in the new journey's diagram. */
  marks: { node: string; mark: NodeMark }[];
}

/** A printed sheet whose content changed (or that appears or goes). */
export interface SheetChange {
  subject: Subject;
  status: 'added' | 'removed' | 'changed';
  /** What changed in it: « procédure », « marque », « contacts ». */
  parts: string[];
  /** With `--fiches`: pages as laid out by the build, before and after. */
  pagesBefore?: number;
  pagesAfter?: number;
}

export interface DiffReport {
  /** Whether a reader sees anything different. */
  empty: boolean;
  /** Contact details changed (phones, e-mails, addresses, who to call), wherever they are: shown first, and only there. */
  contactDetails: Change[];
  /** Journey by journey, in the order of the site (removed ones last). */
  flows: Block[];
  procedures: Block[];
  contacts: Block[];
  brands: Block[];
  sheets: SheetChange[];
  /** The site's settings (parcours.yaml) and editorial pages. */
  site: Change[];
}
