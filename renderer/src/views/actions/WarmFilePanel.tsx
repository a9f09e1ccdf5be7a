import { useRef, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { WarmFilePreview } from '../../../../shared/contract/actions';
import type { ProfileView } from '../../../../shared/contract/profiles';
import { restoreTargetMismatch } from '../../../../shared/restore-target';
import { formatBytes, formatInteger } from '../../../../shared/format';
import { useConnectionsStore } from '../../stores/connections-store';
import { KeyNameList } from './KeyNames';
import type { WarmCommands } from './use-warm';
import { ItemErrors } from './UndoRun';
import { MAX_WARM_CONTENT } from './warm-words';
import { WarmJobView } from './WarmJobView';

type FileState =
  | { step: 'idle' }
  | { step: 'reading'; name: string }
  | { step: 'previewed'; name: string; preview: WarmFilePreview; asking?: boolean }
  | { step: 'writing'; name: string; preview: WarmFilePreview; jobId: string | null }
  | { step: 'error'; message: string };

/**
 * Warm from a file: NDJSON `{key, type, value, ttl}` lines or an undo file. The browser cannot
 * give the core a path, so the file's text is sent; the core previews it (valid lines, types,
 * every bad line with its number and reason) before anything is written. A backup/undo file
 * whose header names another server or db is a restore there: asked first, naming both.
 */
export function WarmFilePanel({ api, warm, profile, readOnly }: { api: CachescopeApi; warm: WarmCommands; profile: ProfileView; readOnly: boolean }) {
  const [state, setState] = useState<FileState>({ step: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_WARM_CONTENT) return setState({ step: 'error', message: `${file.name} is ${formatBytes(file.size)}; from the browser at most ${formatBytes(MAX_WARM_CONTENT)} can be sent. Use the CLI (cachescope warm) for larger files.` });
    setState({ step: 'reading', name: file.name });
    const content = await file.text();
    const r = await warm.previewFile({ content, name: file.name });
    setState(r.ok ? { step: 'previewed', name: file.name, preview: r.value } : { step: 'error', message: r.error.message });
  };

  // Desktop: main's open dialog picks the file (no size limit of an upload); the page never names a path.
  const desktop = useConnectionsStore((s) => s.appInfo?.mode === 'desktop');
  const choose = async () => {
    setState({ step: 'reading', name: 'the chosen file' });
    const r = await warm.previewFile({ dialog: true });
    if (r.ok) setState({ step: 'previewed', name: 'the chosen file', preview: r.value });
    else setState(r.error.code === 'CANCELLED' ? { step: 'idle' } : { step: 'error', message: r.error.message });
  };

  const write = async (name: string, preview: WarmFilePreview, intoOtherTarget = false) => {
    setState({ step: 'writing', name, preview, jobId: null });
    const r = await warm.writeFile(preview.previewId, intoOtherTarget);
    setState(r.ok ? { step: 'writing', name, preview, jobId: r.value.jobId } : { step: 'error', message: r.error.message });
  };

  // A backup of another server or db: the user is asked, naming both, before it is written here.
  const origin = state.step === 'previewed' ? state.preview.origin : null;
  const elsewhere = origin ? restoreTargetMismatch(origin, profile) : null;

  const reset = () => {
    setState({ step: 'idle' });
    if (inputRef.current) inputRef.current.value = '';
  };

  return (
    <div className="act-sub" data-testid="warm-file">
      <h4>From a file</h4>
      <div className="act-row">
        <input
          ref={inputRef}
          type="file"
          accept=".ndjson,.jsonl,.json,.txt,application/x-ndjson,application/json,text/plain"
          disabled={readOnly || state.step === 'reading' || (state.step === 'writing' && state.jobId === null)}
          onChange={(e) => void pick(e.target.files?.[0])}
          data-testid="warm-file-input"
          aria-label="Warm file"
        />
        {desktop && (
          <button type="button" className="btn btn-small" onClick={() => void choose()} disabled={readOnly || state.step === 'reading'} data-testid="warm-file-choose">
            Choose a file…
          </button>
        )}
      </div>
      <p className="field-hint">
        One JSON object per line: <code>{'{"key": "course:1", "type": "string", "value": "…", "ttl": 300}'}</code> (hash = object, list/set = array, zset = {'{member: score}'}; bytes as <code>{'{"base64": …}'}</code>), or an undo file.
      </p>
      {state.step === 'reading' && (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" />
          Reading {state.name}…
        </p>
      )}
      {state.step === 'error' && (
        <p className="tone-bad" role="alert" data-testid="warm-file-error">
          {state.message}
        </p>
      )}
      {/* While writing, the job's own errors are the ones shown (the preview's would repeat them). */}
      {(state.step === 'previewed' || state.step === 'writing') && <FilePreview name={state.name} preview={state.preview} showErrors={state.step === 'previewed'} />}
      {state.step === 'previewed' && (
        <div className="act-row">
          <span className="spacer" />
          <button type="button" className="btn" onClick={reset} data-testid="warm-file-discard">
            Discard
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={readOnly || state.preview.valid === 0 || state.asking === true}
            onClick={() => (elsewhere ? setState({ ...state, asking: true }) : void write(state.name, state.preview))}
            data-testid="warm-file-write"
          >
            Write {formatInteger(state.preview.valid)} key{state.preview.valid === 1 ? '' : 's'}
          </button>
        </div>
      )}
      {state.step === 'previewed' && state.asking && elsewhere && (
        <div className="act-warn" role="alertdialog" aria-label="Write into another target" data-testid="warm-file-elsewhere">
          <p className="small">
            <strong className="tone-warn">{elsewhere}</strong> Write its keys here anyway?
          </p>
          <button type="button" className="btn btn-danger" onClick={() => void write(state.name, state.preview, true)} data-testid="warm-file-elsewhere-confirm">
            Write there
          </button>{' '}
          <button type="button" className="btn" onClick={() => setState({ ...state, asking: false })} data-testid="warm-file-elsewhere-cancel">
            Cancel
          </button>
        </div>
      )}
      {state.step === 'writing' && state.jobId && (
        <>
          <WarmJobView api={api} jobId={state.jobId} label={`Writing ${state.name}`} />
          <button type="button" className="btn btn-ghost" onClick={reset}>
            Another file
          </button>
        </>
      )}
    </div>
  );
}

function FilePreview({ name, preview: p, showErrors }: { name: string; preview: WarmFilePreview; showErrors: boolean }) {
  const types = Object.entries(p.byType);
  return (
    <div className="act-card" data-testid="warm-file-preview" data-format={p.format}>
      <p>
        <strong>{name}</strong> ({p.format === 'undo' ? `an undo file${p.origin ? ` of db ${p.origin.db} on ${p.origin.server}` : ''}` : 'NDJSON'}): {formatInteger(p.lines)} lines,{' '}
        <span data-testid="warm-file-valid" data-value={p.valid}>
          {formatInteger(p.valid)} valid
        </span>
        ,{' '}
        <span className={p.invalid > 0 ? 'tone-bad' : ''} data-testid="warm-file-invalid" data-value={p.invalid}>
          {formatInteger(p.invalid)} with errors
        </span>
        .{types.length > 0 && <span className="muted"> By type: {types.map(([t, n]) => `${t} ${formatInteger(n)}`).join(', ')}.</span>}
      </p>
      <KeyNameList names={p.sample} testId="warm-file-sample" more={p.valid - p.sample.length} />
      {showErrors && p.errors.length > 0 && (
        <>
          <p className="small tone-bad">These lines will be skipped{p.invalid > p.errors.length ? ` (the first ${p.errors.length} of ${formatInteger(p.invalid)} shown)` : ''}:</p>
          <ItemErrors errors={p.errors} testId="warm-file-errors" />
        </>
      )}
    </div>
  );
}
