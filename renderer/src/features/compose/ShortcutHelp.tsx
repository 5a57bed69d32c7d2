import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { formatShortcut } from '../../lib/shortcuts';
import { SEARCH_SHORTCUT } from '../archive/useSearchShortcut';
import { BODY_SHORTCUTS } from './bodyExtensions';

/** The app's help for the editor: every shortcut, as the user's keyboard names it. */
export function ShortcutHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const closeButton = useRef<HTMLButtonElement>(null);
  const keyNames = { mod: t('keys.mod'), shift: t('keys.shift'), alt: t('keys.alt') };
  const rows: [string, string][] = [
    ...(Object.keys(BODY_SHORTCUTS) as (keyof typeof BODY_SHORTCUTS)[]).map((action): [string, string] => [
      t(`editor.${action}`),
      BODY_SHORTCUTS[action],
    ]),
    [t('editor.help.save'), 'Mod-s'],
    [t('editor.help.newRelease'), 'Mod-n'],
    [t('editor.help.search'), SEARCH_SHORTCUT],
  ];
  return (
    <>
      <button type="button" className="help-button" onClick={() => setOpen(true)}>
        {t('editor.help.open')}
      </button>
      <Dialog
        open={open}
        title={t('editor.help.title')}
        description={t('editor.help.description')}
        onCancel={() => setOpen(false)}
        initialFocus={closeButton}
      >
        <table className="shortcut-table">
          <tbody>
            {rows.map(([label, keys]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>
                  <kbd>{formatShortcut(keys, keyNames)}</kbd>
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('editor.help.toResults')}</th>
              <td>
                <kbd>{t('keys.down')}</kbd>
              </td>
            </tr>
          </tbody>
        </table>
        <p className="hint">{t('editor.help.typography')}</p>
        <button ref={closeButton} type="button" onClick={() => setOpen(false)}>
          {t('editor.help.close')}
        </button>
      </Dialog>
    </>
  );
}
