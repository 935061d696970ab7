/**
 * `VERIFY.md`: how anyone checks the dossier with standard tools only (sha256sum, openssl,
 * curl, Python 3's standard library), and with antirelou. Written in the dossier's language,
 * with this dossier's own figures filled in. The Python check is tested as written here.
 */
import type { DossierLanguage } from './local-time';
import { DOSSIER_FILES } from './manifest';

/** This dossier's figures, as VERIFY.md quotes them. */
export interface VerifyFacts {
  readonly records: number;
  readonly chainHead: string;
  readonly generator: string;
  /** SHA-256 of the files written before VERIFY.md: dossier.html, evidence.jsonl, evidence.csv. */
  readonly sha256: Readonly<Record<string, string>>;
}

/** The chain check, in Python 3 (standard library only). */
export const PYTHON_CHAIN_CHECK = `import hashlib, json
sha = lambda text: hashlib.sha256(text.encode('utf-8')).hexdigest()
manifest = json.load(open('manifest.json', encoding='utf-8'))
links, link, last, n = manifest['chain']['links'], '0' * 64, '', 0
for n, line in enumerate(open('evidence.jsonl', encoding='utf-8'), 1):
    r = json.loads(line)
    fields = {k: r[k] for k in ('body', 'from', 'inboundMessageId', 'reasons', 'receivedAt', 'to')}
    assert sha(json.dumps(fields, ensure_ascii=False, separators=(',', ':'))) == r['digest'], f'record {n} ({r["inboundMessageId"]}) altered'
    assert r['receivedAt'] >= last, f'record {n} out of time order'
    last, link = r['receivedAt'], sha(link + r['digest'])
    assert n <= len(links) and link == links[n - 1]['link'], f'link {n} differs from manifest.json'
assert n == manifest['records'] == len(links), f'{n} records, manifest.json says {manifest["records"]}'
assert link == manifest['chain']['head'], 'head differs from manifest.json'
print(n, 'records OK, head', link)`;

/** Lists the manifest's file digests in sha256sum's format, and checks them. */
const PYTHON_SUMS =
  `python3 -c 'import json; [print(f["sha256"] + "  " + n) for n, f in ` +
  `json.load(open("manifest.json"))["files"].items()]' | sha256sum -c`;

const F = DOSSIER_FILES;

function sums(facts: VerifyFacts): string {
  return [F.html, F.jsonl, F.csv]
    .map((file) => `    ${facts.sha256[file] ?? '?'}  ${file}`)
    .join('\n');
}

function fillIn(template: string, facts: VerifyFacts): string {
  const values: Record<string, string> = {
    records: String(facts.records),
    head: facts.chainHead,
    generator: facts.generator,
    sums: sums(facts),
    pythonSums: PYTHON_SUMS,
    python: PYTHON_CHAIN_CHECK,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => values[key] ?? `{{${key}}}`);
}

const FR = `# Vérifier ce dossier de preuves

Dossier établi par {{generator}} : {{records}} messages conservés comme preuves, avec leur
empreinte SHA-256. Chaque vérification ci-dessous n'utilise que des outils standard, à lancer
dans le dossier.

| fichier | contenu |
|---|---|
| \`dossier.html\` | le dossier lisible (résumé, graphique, expéditeurs, tous les messages) ; s'imprime en PDF |
| \`evidence.jsonl\` | les messages, un objet JSON par ligne, dans l'ordre de réception |
| \`evidence.csv\` | les mêmes messages en CSV (RFC 4180, protégé contre les formules, échappement réversible) |
| \`manifest.json\` | l'empreinte SHA-256 de chaque fichier ci-dessus et de VERIFY.md, la chaîne d'empreintes ; c'est le fichier horodaté |
| \`manifest.tsq\` | la demande d'horodatage RFC 3161 portant sur SHA-256(manifest.json) |
| \`manifest.tsr\` | la réponse de l'autorité d'horodatage, ajoutée par le mainteneur (étape 3) |

## 1. Les fichiers correspondent au manifeste

    {{pythonSums}}

Chaque ligne doit finir par \`OK\`. Les empreintes des trois fichiers de données, au format de
\`sha256sum -c\` :

{{sums}}

## 2. La demande d'horodatage porte sur ce manifeste

    openssl ts -query -in manifest.tsq -text
    sha256sum manifest.json

« Message data » doit être l'empreinte de manifest.json ; « Certificate required: yes ».

## 3. Obtenir l'horodatage (une fois, par le mainteneur)

Envoyer la demande à une autorité d'horodatage (pour la justice : un prestataire qualifié eIDAS,
voir la liste de confiance de l'UE, https://eidas.ec.europa.eu/efda/tl-browser/), puis garder la
réponse dans ce dossier, sans plus modifier manifest.json :

    curl -sS -H "Content-Type: application/timestamp-query" --data-binary @manifest.tsq https://<adresse de l'autorité> -o manifest.tsr

## 4. Vérifier l'horodatage

    openssl ts -reply -in manifest.tsr -text
    openssl ts -verify -data manifest.json -in manifest.tsr -CAfile <certificat racine de l'autorité>

La première commande montre la date signée (« Time stamp ») ; la seconde doit répondre
\`Verification: OK\` : manifest.json existait tel quel à cette date, donc aussi chaque fichier
dont il donne l'empreinte. \`-queryfile manifest.tsq\` à la place de \`-data manifest.json\`
vérifie en plus que la réponse répond à cette demande (même nonce).

## 5. Chaque message et la chaîne (Python 3, bibliothèque standard)

L'empreinte d'un message est le SHA-256 de son JSON canonique (clés body, from,
inboundMessageId, reasons, receivedAt, to, dans cet ordre, sans espaces, caractères non ASCII
tels quels). La chaîne part de 64 zéros ; chaque maillon est le SHA-256 des 128 caractères
« maillon précédent » puis « empreinte du message » (hexadécimal minuscule), dans l'ordre
d'evidence.jsonl. Enregistrer ces lignes dans \`check.py\` et lancer \`python3 check.py\` :

\`\`\`python
{{python}}
\`\`\`

La tête affichée doit être celle de manifest.json et de dossier.html : {{head}}.
Le CSV contient les mêmes messages : retirer une \`'\` au début de chaque cellule et après chaque
\`,\` \`;\` tabulation, CR ou LF (expression régulière \`(^|[,;\\t\\r\\n])'\` → \`$1\`) redonne les
valeurs exactes, dont l'empreinte se recalcule de la même façon.

## 6. Avec antirelou

    npx antirelou verify-evidence <dossier> [--ca-file <certificat racine de l'autorité>]

Code de sortie 0 si tout est intact (résumé affiché), 1 en nommant le premier élément modifié
(fichier, message, maillon), 2 si la commande est mal écrite.
`;

const EN = `# Checking this evidence dossier

Made by {{generator}}: {{records}} messages kept as evidence, each with its SHA-256 digest.
Every check below uses standard tools only, run in this folder.

| file | what it holds |
|---|---|
| \`dossier.html\` | the readable dossier (summary, chart, senders, every message); prints to PDF |
| \`evidence.jsonl\` | the messages, one JSON object per line, in the order received |
| \`evidence.csv\` | the same messages as CSV (RFC 4180, formula-safe, escaping that can be undone) |
| \`manifest.json\` | the SHA-256 of each file above and of VERIFY.md, the hash chain; the file that is time-stamped |
| \`manifest.tsq\` | the RFC 3161 time-stamp request for SHA-256(manifest.json) |
| \`manifest.tsr\` | the time-stamping authority's answer, added by the maintainer (step 3) |

## 1. The files match the manifest

    {{pythonSums}}

Every line must end in \`OK\`. The digests of the three data files, in \`sha256sum -c\` format:

{{sums}}

## 2. The time-stamp request is for this manifest

    openssl ts -query -in manifest.tsq -text
    sha256sum manifest.json

"Message data" must be manifest.json's digest; "Certificate required: yes".

## 3. Get the time stamp (once, by the maintainer)

Send the request to a time-stamping authority (for court use, a qualified eIDAS provider: see
the EU trusted list, https://eidas.ec.europa.eu/efda/tl-browser/), then keep the answer in this
folder, and never change manifest.json again:

    curl -sS -H "Content-Type: application/timestamp-query" --data-binary @manifest.tsq https://<the authority's URL> -o manifest.tsr

## 4. Check the time stamp

    openssl ts -reply -in manifest.tsr -text
    openssl ts -verify -data manifest.json -in manifest.tsr -CAfile <the authority's root certificate>

The first shows the signed time ("Time stamp"); the second must answer \`Verification: OK\`:
manifest.json existed as it is at that time, and so did every file whose digest it gives.
\`-queryfile manifest.tsq\` instead of \`-data manifest.json\` also checks that the answer is for
this request (same nonce).

## 5. Every record and the chain (Python 3, standard library)

A record's digest is the SHA-256 of its canonical JSON (keys body, from, inboundMessageId,
reasons, receivedAt, to, in this order, no spaces, non-ASCII characters as they are). The chain
starts from 64 zeros; each link is the SHA-256 of the 128 characters "previous link" then
"record digest" (lowercase hex), in the order of evidence.jsonl. Save these lines as
\`check.py\` and run \`python3 check.py\`:

\`\`\`python
{{python}}
\`\`\`

The head printed must be manifest.json's and dossier.html's: {{head}}.
The CSV holds the same records: remove one \`'\` at the start of each cell and right after each
\`,\` \`;\` tab, CR or LF (regular expression \`(^|[,;\\t\\r\\n])'\` → \`$1\`) to get the exact
values back, whose digests are computed the same way.

## 6. With antirelou

    npx antirelou verify-evidence <folder> [--ca-file <the authority's root certificate>]

Exit code 0 when everything holds (with a summary), 1 naming the first thing altered (file,
record, link), 2 when the command line is wrong.
`;

/** VERIFY.md for this dossier. */
export function verifyMarkdown(lang: DossierLanguage, facts: VerifyFacts): string {
  return fillIn(lang === 'en' ? EN : FR, facts);
}
