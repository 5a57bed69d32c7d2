import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMAND_KEY_ALIASES, COMMAND_SHORTCUTS } from '../../../../shared/commands';
import { Dialog } from '../../components/Dialog';
import { formatShortcut } from '../../lib/shortcuts';
import { BODY_SHORTCUTS } from './bodyExtensions';

/** The editor's button that opens the shortcut help. */
export function ShortcutHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="help-button" onClick={() => setOpen(true)}>
        {t('editor.help.open')}
      </button>
      <ShortcutHelpDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}

/** The app's keyboard help: every shortcut, as the user's keyboard names it (also Help → Keyboard Shortcuts). */
export function ShortcutHelpDialog({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const closeButton = useRef<HTMLButtonElement>(null);
  const keyNames = { mod: t('keys.mod'), shift: t('keys.shift'), alt: t('keys.alt') };
  const rows: [string, readonly string[]][] = [
    ...(Object.keys(BODY_SHORTCUTS) as (keyof typeof BODY_SHORTCUTS)[]).map((action): [string, string[]] => [
      t(`editor.${action}`),
      [BODY_SHORTCUTS[action]],
    ]),
    [t('editor.help.save'), [COMMAND_SHORTCUTS['release.save']!]],
    [t('editor.help.newRelease'), [COMMAND_SHORTCUTS['release.new']!]],
    [t('editor.help.export'), [COMMAND_SHORTCUTS['release.export']!]],
    [t('editor.help.send'), [COMMAND_SHORTCUTS['release.send']!]],
    [
      t('editor.help.searchArchive'),
      [...(COMMAND_KEY_ALIASES['archive.search'] ?? []), COMMAND_SHORTCUTS['archive.search']!],
    ],
    [t('editor.help.settings'), [COMMAND_SHORTCUTS['app.preferences']!]],
  ];
  return (
    <Dialog
      open={open}
      title={t('editor.help.title')}
      description={t('editor.help.description')}
      onCancel={onClose}
      initialFocus={closeButton}
    >
      <table className="shortcut-table">
        <tbody>
          {rows.map(([label, keys]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>
                {keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 ? ` ${t('editor.help.or')} ` : null}
                    <kbd>{formatShortcut(key, keyNames)}</kbd>
                  </span>
                ))}
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
      <button ref={closeButton} type="button" onClick={onClose}>
        {t('editor.help.close')}
      </button>
    </Dialog>
  );
}
