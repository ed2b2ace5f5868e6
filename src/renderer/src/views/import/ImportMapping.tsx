import { useEffect, useState, type RefObject } from 'react';
import type { FieldMapping, FileHandle, ImportFormat, ImportOptions, ImportPreview, SpanShape } from '../../../../shared/contract/methods/imports';
import { call } from '../../lib/api';
import { errorMessage } from '../../lib/errorMessage';

const FORMATS: { value: ImportFormat; label: string }[] = [
  { value: 'text', label: 'Plain text' },
  { value: 'jsonl', label: 'JSONL' },
  { value: 'csv', label: 'CSV / TSV' },
  { value: 'html', label: 'HTML' },
  { value: 'labelstudio', label: 'Label Studio JSON' },
  { value: 'brat', label: 'brat standoff' },
];
const SHAPES: { value: SpanShape; label: string }[] = [
  { value: 'auto', label: 'Detect' },
  { value: 'canonical', label: 'This workbench (canonical)' },
  { value: 'doccano', label: 'doccano (label / entities)' },
  { value: 'spans', label: 'Prodigy / spaCy (spans)' },
  { value: 'none', label: 'None: text only' },
];
const FIELDS: { key: keyof FieldMapping; label: string }[] = [
  { key: 'text', label: 'Text' },
  { key: 'title', label: 'Title' },
  { key: 'source', label: 'Source' },
  { key: 'date', label: 'Date' },
  { key: 'id', label: 'Id' },
];

export type ImportMappingProps = {
  files: FileHandle[];
  headingRef: RefObject<HTMLHeadingElement | null>;
  onBack: () => void;
  onStart: (options: ImportOptions) => void;
};

/** Step 2: the detected format, the field or column mapping, and the first documents as they will be imported. */
export function ImportMapping({ files, headingRef, onBack, onStart }: ImportMappingProps) {
  const [options, setOptions] = useState<ImportOptions>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let current = true;
    setLoading(true);
    call('import.preview', { handles: files.map((file) => file.handle), options }).then(
      (value) => {
        if (!current) return;
        setPreview(value);
        setError(null);
        setLoading(false);
      },
      (caught: unknown) => {
        if (!current) return;
        setError(errorMessage(caught));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [files, options]);

  const format = options.format ?? preview?.format;
  const usesFields = (format === 'jsonl' && preview?.spanShape !== 'canonical') || format === 'csv' || format === 'labelstudio';
  const setField = (key: keyof FieldMapping, value: string) => {
    const fields: FieldMapping = { ...options.fields, [key]: value === '' ? (key === 'text' ? undefined : null) : value };
    setOptions({ ...options, fields });
  };
  const totalBytes = files.reduce((sum, file) => sum + file.bytes, 0);

  return (
    <>
      <h1 id="import-heading" ref={headingRef} tabIndex={-1}>
        Map fields
      </h1>
      <p className="awb-muted">
        {files.length === 1 ? files[0]?.name : `${files.length} files`}
        {totalBytes > 0 && ` · ${formatSize(totalBytes)}`}
      </p>
      <div className="awb-import-form">
        <label>
          Format
          <select value={format ?? ''} onChange={(event) => setOptions({ ...options, format: event.target.value as ImportFormat })}>
            {format === undefined && (
              <option value="" disabled>
                Not detected: choose one
              </option>
            )}
            {FORMATS.map((item) => (
              <option key={item.value} value={item.value}>
                {item.label}
                {preview?.format === item.value && !options.format ? ' (detected)' : ''}
              </option>
            ))}
          </select>
        </label>
        {format === 'jsonl' && (
          <label>
            Annotations in the file
            <select value={options.spanShape ?? 'auto'} onChange={(event) => setOptions({ ...options, spanShape: event.target.value as SpanShape })}>
              {SHAPES.map((item) => (
                <option key={item.value} value={item.value}>
                  {item.label}
                  {item.value === 'auto' && preview?.spanShape ? `: ${preview.spanShape}` : ''}
                </option>
              ))}
            </select>
          </label>
        )}
        {format === 'csv' && (
          <label>
            Delimiter
            <select
              value={options.delimiter ?? ''}
              onChange={(event) => {
                const { delimiter: _old, ...rest } = options;
                setOptions(event.target.value ? { ...rest, delimiter: event.target.value as NonNullable<ImportOptions['delimiter']> } : rest);
              }}
            >
              <option value="">Detect{preview?.delimiter ? `: ${describeDelimiter(preview.delimiter)}` : ''}</option>
              {([',', ';', '\t', '|'] as const).map((delimiter) => (
                <option key={delimiter} value={delimiter}>
                  {describeDelimiter(delimiter)}
                </option>
              ))}
            </select>
          </label>
        )}
        {usesFields &&
          FIELDS.map(({ key, label }) => (
            <label key={key}>
              {label} {format === 'csv' ? 'column' : 'field'}
              <select value={preview?.mapping[key] ?? ''} onChange={(event) => setField(key, event.target.value)}>
                <option value="">{key === 'text' ? 'Choose…' : 'None'}</option>
                {(preview?.fields ?? []).map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          ))}
        <label>
          Annotator for unattributed spans
          <input
            value={options.annotator ?? ''}
            placeholder="The source tool's name"
            maxLength={200}
            onChange={(event) => {
              const { annotator: _old, ...rest } = options;
              setOptions(event.target.value.trim() ? { ...rest, annotator: event.target.value } : rest);
            }}
          />
        </label>
      </div>
      {preview?.warnings.map((warning) => (
        <p key={warning} className="awb-import-warning">
          {warning}
        </p>
      ))}
      {error && (
        <p role="alert" className="awb-error">
          {error}
        </p>
      )}
      <h2 className="awb-import-subhead">Preview {loading && <span className="awb-muted">(reading…)</span>}</h2>
      {preview && preview.documents.length > 0 && (
        <table className="awb-import-preview" aria-label="First documents">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Text</th>
              <th scope="col">Source · date</th>
              <th scope="col">Characters</th>
              <th scope="col">Spans</th>
            </tr>
          </thead>
          <tbody>
            {preview.documents.map((document, index) => (
              <tr key={`${document.file}-${document.line ?? index}`}>
                <td dir="auto">{document.title}</td>
                <td dir="auto" className="awb-import-excerpt">
                  {document.excerpt}
                </td>
                <td>{[document.source, document.publishedAt].filter(Boolean).join(' · ') || '—'}</td>
                <td className="awb-num">{document.charCount.toLocaleString()}</td>
                <td>
                  {document.spans}
                  {document.labels.length > 0 && <span className="awb-muted"> ({document.labels.join(', ')})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="awb-row awb-import-actions">
        <button type="button" onClick={onBack}>
          Back
        </button>
        <button type="button" className="awb-primary" disabled={!preview || Boolean(error) || loading} onClick={() => onStart(options)}>
          Import {files.length === 1 ? 'file' : `${files.length} files`}
        </button>
      </div>
    </>
  );
}

function describeDelimiter(delimiter: string): string {
  return { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' }[delimiter] ?? delimiter;
}

/** "12.3 MB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
