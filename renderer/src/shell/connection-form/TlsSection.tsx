import { useState, type ReactNode } from 'react';
import type { TlsFileKind } from '../../../../shared/contract/profiles';
import { useServices } from '../../app/context';
import { useConnectionsStore } from '../../stores/connections-store';
import { TLS_FILE_FIELD, type TlsFormModel } from './tls-form';
import './tls.css';

const FILES: { which: TlsFileKind; label: string; placeholder: string; testId: string }[] = [
  { which: 'ca', label: 'CA certificate (optional)', placeholder: '/etc/ssl/private-ca.pem', testId: 'form-tls-ca-file' },
  { which: 'cert', label: 'Client certificate (optional)', placeholder: '/path/client.crt', testId: 'form-tls-cert-file' },
  { which: 'key', label: 'Client key (optional)', placeholder: '/path/client.key', testId: 'form-tls-key-file' },
];
const FIELD_ID: Record<TlsFileKind, `tls-${string}`> = { ca: 'tls-ca-file', cert: 'tls-cert-file', key: 'tls-key-file' };

/**
 * TLS trust for a private CA or mutual TLS: paths on the machine running Cachescope, picked in
 * main's dialog on the desktop or typed in serve mode. The core reads the files when it connects;
 * their contents never come to this page.
 */
export function TlsSection({
  files,
  onChange,
  id,
  fieldError,
}: {
  files: TlsFormModel;
  onChange: (patch: Partial<TlsFormModel>) => void;
  id: (name: string) => string;
  fieldError: (field: `tls-${string}`) => ReactNode;
}) {
  const { actions } = useServices();
  const desktop = useConnectionsStore((s) => s.appInfo?.mode === 'desktop');
  const [pickError, setPickError] = useState<string | null>(null);
  const choose = async (which: TlsFileKind) => {
    setPickError(null);
    const reply = await actions.chooseTlsFile(which);
    if (reply.ok) onChange({ [TLS_FILE_FIELD[which]]: reply.value.path });
    else if (reply.error.code !== 'CANCELLED') setPickError(reply.error.message);
  };
  return (
    <fieldset className="tls-section" data-testid="form-tls-files">
      <div className="grid-2">
        {FILES.map((f) => (
          <div className="field" key={f.which}>
            <label htmlFor={id(FIELD_ID[f.which])}>{f.label}</label>
            <div className="path-row">
              <input
                id={id(FIELD_ID[f.which])}
                data-testid={f.testId}
                type="text"
                spellCheck={false}
                placeholder={f.placeholder}
                value={files[TLS_FILE_FIELD[f.which]]}
                onChange={(e) => onChange({ [TLS_FILE_FIELD[f.which]]: e.target.value })}
              />
              {desktop && (
                <button type="button" className="btn btn-small" data-testid={`${f.testId}-choose`} onClick={() => void choose(f.which)}>
                  Choose…
                </button>
              )}
            </div>
            <div className="field-hint">{fieldError(FIELD_ID[f.which])}</div>
          </div>
        ))}
        <div className="field">
          <label htmlFor={id('tls-servername')}>Server name (SNI, optional)</label>
          <input
            id={id('tls-servername')}
            data-testid="form-tls-servername"
            type="text"
            spellCheck={false}
            placeholder="the host name, when it differs"
            value={files.servername}
            onChange={(e) => onChange({ servername: e.target.value })}
          />
          <div className="field-hint">{fieldError('tls-servername') ?? 'The name the certificate must carry.'}</div>
        </div>
      </div>
      <p className="field-hint">
        {pickError ?? (desktop ? 'PEM files on this computer, read by the app when it connects; never uploaded.' : 'Full paths of PEM files on the machine running cachescope serve, read there when it connects; never uploaded.')}
      </p>
    </fieldset>
  );
}
