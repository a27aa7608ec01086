/**
 * Content projects in real git repositories, in temporary folders, for `parcours diff`: a small
 * but complete project (two journeys, procedures, contacts, a brand), committed on `main`,
 * then changed on a branch as an editor would.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const BASE_PROJECT: Record<string, string> = {
  'parcours.yaml': `site:
  name: Aide test
publisher:
  name: Agence test
`,
  'flows/activation.yaml': `title: Activer ma e-CPS
order: 1
start: carte
nodes:
  carte:
    question: J’ai une carte CPx ?
    answers:
      - label: Oui
        next: lecteur
      - label: Non
        next: methode-b
  lecteur:
    question: Mon ordinateur est équipé d’un lecteur de carte ?
    answers:
      - label: Oui
        next: methode-a
      - label: Non
        next: methode-b
  methode-a:
    procedure: activation-carte
    next: activee-a
  activee-a:
    question: Ma e-CPS est activée ?
    answers:
      - label: Oui
        next: succes
      - label: Non
        next: aide-carte
  methode-b:
    procedure: activation-coordonnees
    next: activee-b
  activee-b:
    question: Ma e-CPS est activée ?
    answers:
      - label: Oui
        next: succes
      - label: Non
        next: erreur-b
  erreur-b:
    question: "D’où vient le problème ?"
    answers:
      - label: De ma carte
        next: aide-carte
      - label: De l’appli e-CPS
        next: aide-appli
  succes:
    success: Je peux accéder à mes services
  aide-carte:
    support: J’ai un problème avec ma carte
    contacts: [service-cartes]
  aide-appli:
    support: J’ai un problème avec l’appli e-CPS
    contacts: [service-e-cps]
`,
  'flows/suppression.yaml': `title: Supprimer ma e-CPS
order: 2
start: telephone
nodes:
  telephone:
    question: J’ai encore mon téléphone ?
    answers:
      - label: Oui
        next: depuis-telephone
      - label: Non
        next: aide
  depuis-telephone:
    procedure: suppression-telephone
    next: fin
  fin:
    success: Ma e-CPS est supprimée
  aide:
    support: Je n’ai plus mon téléphone
    contacts: [service-e-cps]
`,
  'flows/procedures/activation-carte.yaml': `title: "Méthode A : j’active ma e-CPS avec ma carte"
short: Méthode A
steps:
  - where: telephone
    text: Sur votre téléphone, téléchargez l’appli e-CPS.
  - where: ordinateur
    text: Sur votre ordinateur, allez sur https://wallet.esw.esante.gouv.fr
  - where: ordinateur
    text: Insérez votre carte dans le lecteur et cliquez sur « S’authentifier ».
  - where: telephone-et-ordinateur
    text: Scannez le QR code affiché par votre ordinateur avec l’appli e-CPS.
`,
  'flows/procedures/activation-carte-paca.yaml': `title: Activer sa e-CPS avec sa carte, depuis le Portail de santé PACA
short: Activation avec la carte (PACA)
brand: paca
variantOf: activation-carte
steps:
  - where: ordinateur
    text: Allez sur https://sante-paca.fr/ et cliquez sur **Connexion**.
  - where: telephone
    text: Ouvrez l’appli e-CPS et scannez le QR code.
`,
  'flows/procedures/activation-coordonnees.yaml': `title: "Méthode B : j’active ma e-CPS avec mes coordonnées"
short: Méthode B
steps:
  - where: telephone
    text: Sur votre téléphone, ouvrez l’appli e-CPS et choisissez « Activer avec mes coordonnées ».
  - where: telephone
    text: Saisissez le code reçu par SMS.
`,
  'flows/procedures/suppression-telephone.yaml': `title: Je supprime ma e-CPS depuis mon téléphone
short: Suppression
steps:
  - where: telephone
    text: Ouvrez l’appli e-CPS, puis le menu « Paramètres ».
  - where: telephone
    text: Appuyez sur « Supprimer ma e-CPS » et confirmez.
`,
  'flows/contacts/ans.yaml': `contacts:
  service-cartes:
    name: Service client Cartes de l’ANS
    for: Un problème avec votre carte CPx.
    phone:
      number: "0 825 85 2000"
      cost: 0,06 €/min + prix appel
    email: monserviceclient.cartes@asipsante.fr
  service-e-cps:
    name: Service client e-CPS de l’ANS
    for: Un problème avec l’appli e-CPS.
    phone:
      number: "0 809 40 00 82"
      cost: appel gratuit
    email: monserviceclient.e-cps@asipsante.fr
`,
  'flows/brands/paca.yaml': `name: Portail de santé PACA
portal: https://sante-paca.fr/
wiki: https://tutos.iess.fr/
color: "#0b6e4f"
`,
};

const made: string[] = [];

/** Removes every repository made by `gitProject` (for `afterAll`). */
export function removeGitProjects(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface GitProject {
  dir: string;
  git(...args: string[]): string;
  write(path: string, text: string): void;
  /** Replaces one exact text in a file (it must be there: a test that changes nothing proves nothing). */
  edit(path: string, from: string, to: string): void;
  remove(path: string): void;
  commit(message: string): void;
}

/**
 * A repository holding `files` (by default the base project) committed on `main`, with a
 * branch `modification` checked out, as an editor starts a change.
 * @param files paths → texts, or a function that writes the project into the folder it is given
 * @param under the content project's folder inside the repository ("" at its top)
 */
export function gitProject(files: Record<string, string> | ((dir: string) => void) = BASE_PROJECT, under = ''): GitProject {
  const root = mkdtempSync(join(tmpdir(), 'parcours-diff-test-'));
  made.push(root);
  const dir = join(root, under);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Rédaction', '-c', 'user.email=redaction@example.org', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd: root, encoding: 'utf8' });
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  git('init', '-q');
  if (typeof files === 'function') {
    mkdirSync(dir, { recursive: true });
    files(dir);
  } else for (const [path, text] of Object.entries(files)) write(path, text);
  git('add', '-A');
  git('commit', '-q', '-m', 'Version publiée');
  git('checkout', '-q', '-b', 'modification');
  return {
    dir,
    git,
    write,
    edit(path, from, to) {
      const text = readFileSync(join(dir, path), 'utf8');
      if (!text.includes(from)) throw new Error(`${path} ne contient pas ${JSON.stringify(from)}`);
      writeFileSync(join(dir, path), text.replace(from, to));
    },
    remove(path) {
      rmSync(join(dir, path));
    },
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '-m', message);
    },
  };
}
