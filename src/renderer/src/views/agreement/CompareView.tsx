import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { buildPlaces, type Place, type PlaceSpan } from '../../../../shared/adjudication/places';
import type { AdjudicationDocument, GoldLayer } from '../../../../shared/contract/methods/adjudication';
import type { LabelSchema } from '../../../../shared/domain/labelSchema';
import { OffsetMap } from '../../../../shared/text/offsetMap';
import { call } from '../../lib/api';
import { errorMessage } from '../../lib/errorMessage';
import { GoldEditor, type GoldDraft } from './GoldEditor';
import { AGREEMENT_ROUTE, currentRun } from './useAgreementRoute';

type Segment = { start: number; end: number; text: string; place: number | null };

/** Cuts the text at every span boundary, so each piece has one label (or none) per lane: the lanes line up piece by piece. */
function segmentsOf(text: string, places: readonly Place[]): Segment[] {
  const map = new OffsetMap(text);
  const cuts = new Set<number>([0, map.codePointLength]);
  for (const place of places) {
    for (const span of [...place.lanes.flatMap((lane) => lane.spans), ...place.gold]) {
      cuts.add(span.start);
      cuts.add(span.end);
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  let placeIndex = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i]!;
    const end = sorted[i + 1]!;
    while (placeIndex < places.length && places[placeIndex]!.end <= start) placeIndex++;
    const place = places[placeIndex];
    segments.push({ start, end, text: map.sliceCodePoints(start, end), place: place && place.start <= start && end <= place.end ? place.index : null });
  }
  return segments;
}

const covering = (spans: readonly PlaceSpan[], segment: Segment) => spans.find((span) => span.start <= segment.start && segment.end <= span.end) ?? null;

/**
 * One document compared and adjudicated: the text cut into pieces with one lane per annotator and
 * one for gold under each piece, disagreements tinted. Keyboard: n / p (or ] / [) to the next or
 * previous disagreement, 1–9 take that annotator's spans at the current place, 0 takes none,
 * a takes every distinct span there, e edits, g accepts everything agreed, d marks the document
 * adjudicated.
 */
export function CompareView({ documentId, schema }: { documentId: string; schema: LabelSchema }) {
  const [view, setView] = useState<AdjudicationDocument | null>(null);
  const [current, setCurrent] = useState<number | null>(null);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<GoldDraft | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLElement>(null);
  const runId = currentRun.get();

  const load = useCallback(() => {
    call('adjudication.document', { documentId, ...(runId ? { runId } : {}) }).then(setView, (caught: unknown) => {
      // A run that is no longer kept: the defaults are still a fair comparison.
      if (runId) {
        currentRun.set(null);
        call('adjudication.document', { documentId }).then(setView, (again: unknown) => setError(errorMessage(again)));
      } else setError(errorMessage(caught));
    });
  }, [documentId, runId]);
  useEffect(load, [load]);
  // Focus inside the view once it shows, so its keys work at once (a link click leaves focus on the page).
  const loaded = view !== null;
  useEffect(() => {
    if (loaded) root.current?.focus();
  }, [loaded]);

  const lanes = useMemo(() => {
    if (!view) return [];
    const counted = view.annotators.filter((annotator) => annotator.counted);
    return (counted.length >= 2 ? counted : view.annotators).map((annotator) => ({ annotatorId: annotator.id, name: annotator.name, spans: annotator.spans }));
  }, [view]);
  const places = useMemo(() => (view ? buildPlaces(lanes, view.gold) : []), [view, lanes]);
  const segments = useMemo(() => (view ? segmentsOf(view.document.text, places) : []), [view, places]);
  const open = places.filter((place) => !place.agreed && place.goldMatches.length === 0 && place.gold.length === 0);
  const decided = places.filter((place) => place.gold.length > 0 || (place.agreed && place.lanes[0]?.spans.length === 0)).length;
  const place = current === null ? null : (places[current] ?? null);

  const goTo = (index: number | null) => {
    setCurrent(index);
    setChecked(new Set());
    setEditing(null);
    if (index !== null) window.setTimeout(() => root.current?.querySelector<HTMLElement>(`[data-place="${index}"]`)?.focus(), 0);
  };
  const step = (direction: 1 | -1) => {
    const disagreements = places.filter((entry) => !entry.agreed);
    if (disagreements.length === 0) return;
    const from = current ?? (direction === 1 ? -1 : places.length);
    const next = direction === 1 ? disagreements.find((entry) => entry.index > from) : [...disagreements].reverse().find((entry) => entry.index < from);
    goTo((next ?? (direction === 1 ? disagreements[0] : disagreements[disagreements.length - 1]))!.index);
  };

  const apply = async (write: () => Promise<GoldLayer>, done: string) => {
    setError(null);
    try {
      const layer = await write();
      setView((previous) => (previous ? { ...previous, gold: layer.gold, adjudication: layer.adjudication } : previous));
      setMessage(done);
      setChecked(new Set());
      setEditing(null);
      // Back to the place decided (an edit form that closes would otherwise leave focus nowhere), so the keys go on working.
      window.setTimeout(() => (root.current?.querySelector<HTMLElement>(`[data-place="${current ?? -1}"]`) ?? root.current)?.focus(), 0);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const goldIdsAt = (at: Place) => at.gold.map((span) => span.id);
  const acceptSpans = (at: Place, spanIds: string[], what: string) =>
    void apply(
      () =>
        spanIds.length > 0
          ? call('adjudication.accept', { documentId, spanIds, replaceGoldIds: goldIdsAt(at) })
          : call('adjudication.reject', { documentId, goldIds: goldIdsAt(at) }),
      what,
    );
  const acceptLane = (at: Place, laneIndex: number) => {
    const lane = at.lanes[laneIndex];
    const annotator = lanes[laneIndex];
    if (!lane || !annotator) return;
    acceptSpans(
      at,
      lane.spans.map((span) => span.id),
      lane.spans.length > 0
        ? `Took ${annotator.name}’s ${lane.spans.length === 1 ? 'span' : 'spans'} here into gold.`
        : `Took ${annotator.name}’s reading here: no span.`,
    );
  };
  const acceptAll = (at: Place) => {
    const seen = new Set<string>();
    const ids: string[] = [];
    for (const span of at.lanes.flatMap((lane) => lane.spans)) {
      const key = `${span.start}:${span.end}:${span.label}:${JSON.stringify(span.attributes)}`;
      if (!seen.has(key)) {
        seen.add(key);
        ids.push(span.id);
      }
    }
    acceptSpans(at, ids, `Took ${ids.length} distinct spans here into gold.`);
  };
  const acceptAgreed = () =>
    void (async () => {
      setError(null);
      try {
        const result = await call('adjudication.acceptAgreed', { documentId, ...(runId ? { runId } : {}) });
        setView((previous) => (previous ? { ...previous, gold: result.gold, adjudication: result.adjudication } : previous));
        setMessage(`Accepted ${result.accepted} agreed spans (${result.alreadyInGold} already in gold); ${result.leftForDecision} places left to decide.`);
      } catch (caught) {
        setError(errorMessage(caught));
      }
    })();
  const setStatus = (status: 'done' | 'in_progress') =>
    void apply(() => call('adjudication.setStatus', { documentId, status }), status === 'done' ? 'Marked adjudicated.' : 'Reopened.');
  const startEdit = (at: Place) => {
    const base = at.gold[0] ?? at.lanes.flatMap((lane) => lane.spans)[0];
    if (!base) return;
    setEditing({
      goldId: at.gold[0]?.id ?? null,
      start: base.start,
      end: base.end,
      label: base.label,
      attributes: { ...base.attributes },
      replaceGoldIds: goldIdsAt(at),
    });
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.closest('input, select, textarea, form') || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    let handled = true;
    if (key === 'n' || key === ']') step(1);
    else if (key === 'p' || key === '[') step(-1);
    else if (key === 'g') acceptAgreed();
    else if (key === 'd') setStatus(view?.adjudication.status === 'done' ? 'in_progress' : 'done');
    else if (place && /^[1-9]$/.test(key)) acceptLane(place, Number(key) - 1);
    else if (place && (key === '0' || key === 'x')) acceptSpans(place, [], 'Accepted none here: no gold span.');
    else if (place && key === 'a') acceptAll(place);
    else if (place && key === 'e') startEdit(place);
    else handled = false;
    if (handled) event.preventDefault();
  };

  if (error && !view) {
    return (
      <section className="awb-agreement">
        <p role="alert" className="awb-error">
          {error}
        </p>
        <a href={AGREEMENT_ROUTE}>Back to the dashboard</a>
      </section>
    );
  }
  if (!view) return <p className="awb-muted awb-agreement">Loading…</p>;

  // Unlike the editor, a label the schema no longer has gets no colour (awb-label--1) rather than the first one.
  const labelIndex = (label: string) => schema.labels.findIndex((entry) => entry.name === label);
  const laneStrip = (spans: readonly PlaceSpan[], segment: Segment, key: string) => {
    const span = covering(spans, segment);
    return <span key={key} className={span ? `awb-lane-strip is-marked awb-label-${labelIndex(span.label)}` : 'awb-lane-strip'} />;
  };

  return (
    <section className="awb-compare" aria-labelledby="compare-heading" ref={root} onKeyDown={onKeyDown} tabIndex={-1}>
      <p>
        <a href={AGREEMENT_ROUTE}>← Dashboard</a>
      </p>
      <h1 id="compare-heading" dir="auto">
        {view.document.title}
      </h1>
      <p className="awb-muted" data-testid="compare-status">
        {lanes.map((lane, index) => `${index + 1} ${lane.name}`).join(' · ')} · {open.length} disagreements left · {decided} of {places.length} places in gold ·{' '}
        {view.adjudication.status === 'done'
          ? `adjudicated by ${view.adjudication.adjudicator?.name ?? '?'}`
          : view.adjudication.status === 'in_progress'
            ? 'adjudication in progress'
            : 'not adjudicated yet'}
      </p>
      {view.notCompared && <p className="awb-muted">Not compared: {view.notCompared}.</p>}
      <p className="awb-muted awb-lanes-key">
        Under each piece of text, one strip per annotator in this order: {lanes.map((lane) => lane.name).join(', ')}; then gold (the thicker strip). Tinted
        text: the annotators disagree there.
      </p>
      <div className="awb-row">
        <button type="button" onClick={() => step(1)} aria-keyshortcuts="n">
          Next disagreement (n)
        </button>
        <button type="button" onClick={acceptAgreed} aria-keyshortcuts="g">
          Accept all agreed (g)
        </button>
        <button type="button" onClick={() => setStatus(view.adjudication.status === 'done' ? 'in_progress' : 'done')} aria-keyshortcuts="d">
          {view.adjudication.status === 'done' ? 'Reopen (d)' : 'Mark adjudicated (d)'}
        </button>
      </div>
      <progress className="awb-compare-progress" aria-label="Places decided in gold" max={Math.max(1, places.length)} value={decided} />
      {message && (
        <p role="status" className="awb-muted" data-testid="compare-message">
          {message}
        </p>
      )}
      {error && (
        <p role="alert" className="awb-error">
          {error}
        </p>
      )}
      <div className="awb-compare-body">
        <div className="awb-lanes" dir="auto" data-testid="lanes">
          {segments.map((segment) => {
            const at = segment.place === null ? null : places[segment.place]!;
            const className = ['awb-piece', at && !at.agreed ? 'is-disagreement' : '', at && at.index === current ? 'is-current' : ''].join(' ');
            return (
              <span
                key={segment.start}
                className={className}
                data-place={at ? at.index : undefined}
                tabIndex={at ? -1 : undefined}
                onClick={at ? () => goTo(at.index) : undefined}
              >
                <span className="awb-piece-text">{segment.text}</span>
                {lanes.map((lane) => laneStrip(lane.spans, segment, lane.annotatorId))}
                {laneStrip(view.gold, segment, 'gold')}
              </span>
            );
          })}
        </div>
        <aside className="awb-decision" aria-label="Decision at the current place">
          {!place && <p className="awb-muted">Press n for the next disagreement, or click a marked piece of text.</p>}
          {place && (
            <>
              <h2>
                Place {place.index + 1} of {places.length} {place.agreed ? '(agreed)' : '(disagreement)'}
              </h2>
              <p dir="auto" className="awb-quote">
                “{new OffsetMap(view.document.text).sliceCodePoints(place.start, place.end)}”
              </p>
              <ol className="awb-decision-lanes">
                {place.lanes.map((lane, index) => (
                  <li key={lane.annotatorId}>
                    <button type="button" onClick={() => acceptLane(place, index)} aria-keyshortcuts={String(index + 1)}>
                      {index + 1}: take {lanes[index]?.name}
                    </button>
                    {lane.spans.length === 0 && <span className="awb-muted"> no span</span>}
                    {lane.spans.map((span) => (
                      <label key={span.id} className="awb-inline awb-decision-span">
                        <input
                          type="checkbox"
                          checked={checked.has(span.id)}
                          onChange={(event) => {
                            const next = new Set(checked);
                            if (event.target.checked) next.add(span.id);
                            else next.delete(span.id);
                            setChecked(next);
                          }}
                        />
                        <span className={`awb-chip awb-label-${labelIndex(span.label)}`}>{span.label}</span>
                        <span dir="auto">{new OffsetMap(view.document.text).sliceCodePoints(span.start, span.end)}</span>
                        <small className="awb-muted">
                          {Object.entries(span.attributes)
                            .map(([key, value]) => `${key}=${String(value)}`)
                            .join(' ')}
                        </small>
                      </label>
                    ))}
                  </li>
                ))}
              </ol>
              <div className="awb-row">
                <button
                  type="button"
                  disabled={checked.size === 0}
                  onClick={() => acceptSpans(place, [...checked], `Took ${checked.size} chosen spans into gold.`)}
                >
                  Accept checked
                </button>
                <button type="button" onClick={() => acceptAll(place)} aria-keyshortcuts="a">
                  All distinct (a)
                </button>
                <button type="button" onClick={() => acceptSpans(place, [], 'Accepted none here: no gold span.')} aria-keyshortcuts="0">
                  None (0)
                </button>
                <button type="button" onClick={() => startEdit(place)} aria-keyshortcuts="e">
                  Edit (e)
                </button>
              </div>
              <h3>Gold here</h3>
              {place.gold.length === 0 ? (
                <p className="awb-muted">Nothing yet.</p>
              ) : (
                <ul>
                  {place.gold.map((span) => (
                    <li key={span.id} data-testid="gold-span">
                      <span className={`awb-chip awb-label-${labelIndex(span.label)}`}>{span.label}</span>{' '}
                      <span dir="auto">{new OffsetMap(view.document.text).sliceCodePoints(span.start, span.end)}</span>
                    </li>
                  ))}
                </ul>
              )}
              {editing && (
                <GoldEditor
                  draft={editing}
                  schema={schema}
                  text={view.document.text}
                  onCancel={() => setEditing(null)}
                  onSave={(draft) =>
                    void apply(
                      () =>
                        draft.goldId
                          ? call('adjudication.update', {
                              id: draft.goldId,
                              label: draft.label,
                              start: draft.start,
                              end: draft.end,
                              attributes: draft.attributes,
                            })
                          : call('adjudication.create', {
                              documentId,
                              start: draft.start,
                              end: draft.end,
                              label: draft.label,
                              attributes: draft.attributes,
                              replaceGoldIds: draft.replaceGoldIds,
                            }),
                      'Saved the edited gold span.',
                    )
                  }
                />
              )}
            </>
          )}
        </aside>
      </div>
    </section>
  );
}
