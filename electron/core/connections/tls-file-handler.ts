import type { TlsFileKind } from '../../../shared/contract';
import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';

const TITLES: Record<TlsFileKind, string> = {
  ca: 'Choose the CA certificate (PEM) that signed the Redis server certificate',
  cert: 'Choose the client certificate (PEM)',
  key: 'Choose the client private key (PEM)',
};

/**
 * profiles.chooseTlsFile: main's open dialog names the file; only its path goes back (the core
 * reads the contents when it connects). Without a dialog (serve mode) the user types the path.
 */
export function tlsFileHandler(ctx: CoreContext): HandlersFor<'profiles.chooseTlsFile'> {
  return {
    'profiles.chooseTlsFile': async ({ which }) => {
      const dialogs = ctx.options.dialogs;
      if (!dialogs) throw new CoreError('UNSUPPORTED', 'There is no file dialog here: type the full path of the file on the machine running Cachescope.');
      const path = await dialogs.chooseOpenPath({ title: TITLES[which], extensions: ['pem', 'crt', 'cer', 'key'] });
      if (path === null) throw new CoreError('CANCELLED', 'No file was chosen.');
      return { path };
    },
  };
}
