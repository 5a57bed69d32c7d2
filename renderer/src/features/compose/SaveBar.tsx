import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMAND_SHORTCUTS } from '../../../../shared/commands';
import { useUiLocale } from '../../i18n';
import { formatClockTime, formatOfficeDateTime } from '../../lib/format';
import { ariaShortcut, formatShortcut } from '../../lib/shortcuts';
import { useAppStore } from '../../stores';
import { isWebUrl } from '../../stores/composeSlice';

const SAVE_SHORTCUT = COMMAND_SHORTCUTS['release.save']!;

export function SaveBar() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const save = useAppStore((s) => s.compose.save);
  const dirty = useAppStore((s) => s.compose.dirty);
  const exists = useAppStore((s) => s.compose.releaseId !== null);
  const updatedAt = useAppStore((s) => s.compose.updatedAt);
  const saveRelease = useAppStore((s) => s.saveRelease);
  const hintId = useId();
  // A link still being typed (not a valid address) stays in the window and is not saved: never say all is saved.
  const heldBack = useAppStore((s) =>
    s.compose.draft.relatedLinks.some((l) => l.url.trim() !== '' && !isWebUrl(l.url.trim())),
  );

  let text: string;
  if (save.kind === 'saving') text = t('compose.saveState.saving');
  else if (save.kind === 'error') text = `${t('compose.saveState.failed')} ${t(`errors.${save.code}`)}`;
  else if (dirty) text = t('compose.saveState.unsaved');
  else if (save.kind === 'saved')
    text = heldBack
      ? t('compose.saveState.savedLinkHeldBack', { time: formatClockTime(save.at, locale) })
      : t('compose.saveState.savedAt', { time: formatClockTime(save.at, locale) });
  else if (!exists) text = t('compose.saveState.new');
  else text = t('compose.saveState.loaded', { date: updatedAt ? formatOfficeDateTime(updatedAt, locale) : '' });

  const stateClass =
    save.kind === 'error'
      ? 'error'
      : save.kind === 'saving'
        ? 'saving'
        : dirty || !exists || heldBack
          ? 'unsaved'
          : 'saved';
  const keys = formatShortcut(SAVE_SHORTCUT, { mod: t('keys.mod'), shift: t('keys.shift'), alt: t('keys.alt') });
  const conflict = save.kind === 'error' && save.code === 'CONFLICT';
  const comparing = useAppStore((s) => s.compose.conflict !== null);

  return (
    <div className="save-bar">
      <p role="status" className={`save-state save-state-${stateClass}`}>
        {text}
      </p>
      {save.kind === 'error' && !comparing && (
        <div className="save-recovery">
          <button
            type="button"
            aria-describedby={conflict ? hintId : undefined}
            onClick={() => void saveRelease({ overwrite: conflict })}
          >
            {conflict ? t('compose.overwrite') : t('compose.retrySave')}
          </button>
          {conflict ? (
            <p id={hintId} className="hint">
              {t('compose.overwriteHint')}
            </p>
          ) : (
            <p className="hint">{t('compose.keptLocally')}</p>
          )}
        </div>
      )}
      <button
        type="button"
        className="primary"
        title={t('common.withShortcut', { label: t('compose.save'), keys })}
        aria-keyshortcuts={ariaShortcut(SAVE_SHORTCUT)}
        onClick={() => void saveRelease({ checkpoint: true })}
      >
        {t('compose.save')}
      </button>
    </div>
  );
}
