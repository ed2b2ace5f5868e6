import type { ExportedFile, ExportFormat } from '../../shared/contract/methods/exports';
import { bioTagNames } from './bioTags';
import { splitKeys, type ReportInput } from './exportReport';
import { HF_LABEL_NAMES_FILE } from './writers/huggingFace';

const FORMAT_TITLE: Record<ExportFormat, string> = {
  jsonl: 'canonical JSONL (Annotation Workbench)',
  spacy: 'spaCy/Prodigy-style JSONL',
  hf: 'Hugging Face token classification JSONL',
  conll: 'CoNLL-2003-style BIO',
  brat: 'brat standoff',
  labelstudio: 'Label Studio JSON',
  doccano: 'doccano JSONL',
};

const SPLIT_FOLDER_TO_HF: Record<string, string> = { train: 'train', dev: 'validation', test: 'test' };

const cell = (value: string) => value.replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
const number = (value: number) => value.toLocaleString('en-US');

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];
}

/**
 * Hugging Face reads a dataset card's YAML header: `configs` names each split's files (so
 * `load_dataset(<folder>)` does not take manifest.json for data) and `dataset_info` gives
 * `ner_tags` its ClassLabel names.
 */
function huggingFaceHeader(input: ReportInput, files: ExportedFile[]): string[] {
  const dataFiles = files.filter((file) => /(^|\/)data-\d{5}\.jsonl$/.test(file.path));
  const splits = new Map<string, string[]>(['train', 'validation', 'test'].map((split) => [split, []]));
  for (const file of dataFiles) {
    const folder = file.path.includes('/') ? (file.path.split('/')[0] ?? '') : '';
    const split = folder ? (SPLIT_FOLDER_TO_HF[folder] ?? folder) : 'train';
    splits.set(split, [...(splits.get(split) ?? []), file.path]);
  }
  const names = bioTagNames(input.labels);
  return [
    '---',
    'configs:',
    '- config_name: default',
    '  data_files:',
    ...[...splits.entries()]
      .filter(([, paths]) => paths.length > 0)
      .flatMap(([split, paths]) => [`  - split: ${split}`, '    path:', ...paths.map((path) => `    - ${JSON.stringify(path)}`)]),
    'dataset_info:',
    '  features:',
    '  - name: id',
    '    dtype: string',
    '  - name: document_id',
    '    dtype: string',
    '  - name: tokens',
    '    sequence: string',
    '  - name: ner_tags',
    '    sequence:',
    '      class_label:',
    '        names:',
    ...names.map((name, index) => `          '${index}': ${name}`),
    'task_categories:',
    '- token-classification',
    '---',
    '',
  ];
}

/** How to load each format in Python, as the card shows it. */
function loadingSnippet(format: ExportFormat, input: ReportInput): string[] {
  switch (format) {
    case 'jsonl':
      return [
        '```python',
        'import json, pathlib',
        'for path in sorted(pathlib.Path(".").glob("**/data-*.jsonl")):',
        '    for line in path.open(encoding="utf-8"):',
        '        doc = json.loads(line)',
        '        for span in doc["spans"]:',
        '            assert doc["text"][span["start"]:span["end"]] == span["text"]',
        '```',
      ];
    case 'spacy':
      return [
        '```python',
        'import json, spacy',
        'from spacy.tokens import Doc',
        'nlp = spacy.blank("xx")',
        'for line in open("data-00000.jsonl", encoding="utf-8"):',
        '    eg = json.loads(line)',
        '    doc = Doc(nlp.vocab, words=[t["text"] for t in eg["tokens"]], spaces=[t["ws"] for t in eg["tokens"]])',
        '    assert doc.text == eg["text"]',
        '    spans = [doc.char_span(s["start"], s["end"], label=s["label"]) for s in eg["spans"]]',
        '    doc.spans["sc"] = spans  # overlapping spans allowed here; doc.ents needs them disjoint',
        '```',
      ];
    case 'hf':
      return [
        '```python',
        'import json',
        'from datasets import load_dataset, Features, Sequence, Value, ClassLabel',
        `names = [json.loads(line)["name"] for line in open("${HF_LABEL_NAMES_FILE}", encoding="utf-8")]`,
        'features = Features({"id": Value("string"), "document_id": Value("string"),',
        '                     "tokens": Sequence(Value("string")), "ner_tags": Sequence(ClassLabel(names=names))})',
        input.options.split
          ? 'data = load_dataset("json", data_files={"train": "train/*.jsonl", "validation": "dev/*.jsonl", "test": "test/*.jsonl"}, features=features)'
          : 'data = load_dataset("json", data_files="data-*.jsonl", features=features)',
        '```',
        '',
        `(The YAML header of this card says the same, so \`load_dataset("<this folder>")\` works too.)`,
      ];
    case 'conll':
      return [
        'Each document starts with `-DOCSTART-\\tO` and a blank line; then `token<TAB>tag` per line, a blank line after each sentence.',
        'Readers of CoNLL-2003 files (for example `flair`\'s `ColumnCorpus` with `{0: "text", 1: "ner"}`) read it as is.',
      ];
    case 'brat':
      return ["Copy the folder into brat's `data/` directory: `annotation.conf` and `visual.conf` at its root configure the labels and attributes."];
    case 'labelstudio':
      return [
        'Create a Label Studio project with `label_config.xml` as its labeling interface, then import the `data-*.json` files:',
        'each task carries one annotation per annotator.',
      ];
    case 'doccano':
      return ['Create a doccano sequence-labelling project with the labels below, then import the `data-*.jsonl` files as JSONL (column `label`).'];
  }
}

/** The dataset card (README.md): what is in the export, how it was chosen, and how to read it. */
export function buildDatasetCard(input: ReportInput, files: ExportedFile[]): string {
  const { tally, options, stats } = input;
  const splits = splitKeys(tally);
  const lines: string[] = options.format === 'hf' ? huggingFaceHeader(input, files) : [];
  lines.push(`# ${input.project.name}: ${FORMAT_TITLE[options.format]}`, '');
  lines.push(
    `Exported by Annotation Workbench on ${input.createdAt}: ${number(tally.documents)} documents, ${number(tally.records)} records, ${number(tally.spans)} spans.`,
    '',
  );

  lines.push('## Offsets and text', '');
  if (input.offsetUnit === 'codepoint') {
    lines.push('Offsets count **Unicode code points**, end exclusive: in Python, `text[start:end]` is the span text.');
  } else if (input.offsetUnit === 'utf16') {
    lines.push(
      'Offsets count **UTF-16 code units**, end exclusive (what doccano counts): in JavaScript `text.slice(start, end)` is the span text; in Python use',
      '`text.encode("utf-16-le")[2*start:2*end].decode("utf-16-le")`. They differ from code points after any emoji.',
    );
  } else {
    lines.push('This format has no character offsets: tokens come from the project tokenizer (Unicode word segmentation, punctuation as tokens of its own).');
  }
  lines.push(
    `Texts are exactly as imported, never normalised: ${number(tally.normalization.NFC)} NFC, ${number(tally.normalization.NFD)} NFD, ${number(tally.normalization.mixed)} mixed.`,
    `Every written span was checked before the export reported success (${number(input.spansVerified)} spans).`,
    '',
  );

  lines.push('## Choices', '');
  const layer = options.layer;
  const layerText =
    layer.kind === 'annotator'
      ? `one annotator (${input.annotatorName ?? layer.annotatorId})`
      : layer.kind === 'all'
        ? 'every annotator'
        : layer.kind === 'gold'
          ? 'the adjudicated gold layer'
          : 'majority vote over the annotators of each document (ties left out)';
  lines.push(
    `- Layer: ${layerText}`,
    `- Document statuses: ${options.statuses.join(', ')}`,
    `- Labels: ${input.labels.join(', ')}`,
    `- Publication dates: ${options.dateFrom ?? 'any'} to ${options.dateTo ?? 'any'}`,
    `- Split: ${options.split ? `train ${options.split.train}, dev ${options.split.dev}, test ${options.split.test}, seed ${options.split.seed} (by document, from the seed and the text's SHA-256: the same on every machine)` : 'none'}`,
    `- Shard size: ${options.shardSize ? `${number(options.shardSize)} documents per file` : 'one file per split'}`,
    `- Left out: ${number(stats.documentsSkippedByStatus)} documents by status, ${number(input.documentsSkippedByDate)} by date, ${number(stats.spansNotChosen)} spans by label`,
    '',
  );

  lines.push('## Counts', '');
  const splitHeader = splits.map((key) => (key === 'all' ? 'spans' : key));
  lines.push(
    ...table(
      ['label', ...splitHeader, ...(splits.length > 1 ? ['total'] : [])],
      [
        ...input.labels.map((label) => [
          label,
          ...splits.map((key) => number(tally.spansPerSplitLabel[key]?.[label] ?? 0)),
          ...(splits.length > 1 ? [number(tally.spansPerLabel[label] ?? 0)] : []),
        ]),
        ['documents', ...splits.map((key) => number(tally.documentsPerSplit[key] ?? 0)), ...(splits.length > 1 ? [number(tally.documents)] : [])],
      ],
    ),
    '',
  );

  lines.push('## Annotators', '');
  const annotators = tally.annotators();
  if (annotators.length === 0) lines.push('No annotator’s work is in this export.');
  else
    lines.push(
      ...table(
        ['annotator', 'documents', 'spans'],
        annotators.map((a) => [a.name, number(a.documents), number(a.spans)]),
      ),
    );
  lines.push('');

  lines.push('## Agreement', '');
  if (input.agreement && input.agreement.figures.length > 0) {
    lines.push(
      ...table(
        ['metric', 'scope', 'value', 'documents', 'annotators'],
        input.agreement.figures.map((f) => [f.metric, f.scope, f.value.toFixed(3), number(f.documents), number(f.annotators)]),
      ),
    );
    if (input.agreement.note) lines.push('', input.agreement.note);
  } else {
    lines.push('No agreement summary exists for this project yet (agreement needs documents annotated by at least two annotators).');
  }
  lines.push('');

  if (options.layer.kind === 'majority') {
    lines.push(
      '## Majority vote',
      '',
      `${number(stats.majorityTies)} spans were marked by exactly half of a document's annotators (ties) and are left out; ${number(stats.majorityAttributeTies)} attribute values were tied and left out; ${number(stats.singleVoterDocuments)} documents had a single annotator. The manifest lists the first ties.`,
      '',
    );
  }

  lines.push('## What this format could not hold', '');
  if (input.loss.length === 0) lines.push('Nothing: every chosen span and attribute is in the files.');
  else
    lines.push(
      ...table(
        ['what', 'count', 'why'],
        input.loss.map((entry) => [entry.kind.replace(/_/g, ' '), number(entry.count), entry.reason]),
      ),
    );
  for (const warning of input.warnings) lines.push('', `Note: ${warning}`);
  lines.push('');

  lines.push(
    '## Schema',
    '',
    `Schema version ${input.project.schema.version}; overlapping spans ${input.project.schema.allowOverlap ? 'allowed' : 'not allowed'}.`,
    '',
  );
  for (const label of input.project.schema.labels.filter((l) => input.labels.includes(l.name))) {
    lines.push(`- **${label.name}**${label.description ? `: ${label.description.split('\n')[0] ?? ''}` : ''}`);
    for (const attribute of label.attributes) {
      const kind = attribute.type === 'enum' ? `one of ${attribute.values.join(', ')}` : attribute.type;
      lines.push(`  - \`${attribute.name}\` (${kind}${attribute.required ? ', required' : ''})`);
    }
  }
  lines.push('');

  lines.push('## Loading', '', ...loadingSnippet(options.format, input), '');
  lines.push('## Files', '', 'manifest.json lists every file with its SHA-256 and is written last: a folder without it is an incomplete export.', '');
  return `${lines.join('\n')}\n`;
}
