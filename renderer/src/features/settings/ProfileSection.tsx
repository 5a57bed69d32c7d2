import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';

const FIELDS = [
  { key: 'name', type: 'text', autoComplete: 'name', required: true },
  { key: 'function', type: 'text', autoComplete: 'organization-title', required: false },
  { key: 'email', type: 'email', autoComplete: 'email', required: false },
  { key: 'initials', type: 'text', autoComplete: 'off', required: false },
] as const;

type Field = (typeof FIELDS)[number]['key'];

/** The profile's fields and its save button; `onSaved` runs once it was stored. */
function ProfileForm({ onSaved }: { onSaved?: () => void }) {
  const { t } = useTranslation();
  const stored = useAppStore((s) => s.profile.value);
  const error = useAppStore((s) => s.profile.error);
  const save = useAppStore((s) => s.saveProfile);
  const [values, setValues] = useState<Record<Field, string>>({
    name: stored?.name ?? '',
    function: stored?.function ?? '',
    email: stored?.email ?? '',
    initials: stored?.initials ?? '',
  });
  const [saved, setSaved] = useState(false);
  const errorId = useId();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSaved(false);
    if (await save(values)) {
      setSaved(true);
      onSaved?.();
    }
  };

  return (
    <form className="profile-form" onSubmit={(e) => void submit(e)} aria-describedby={error ? errorId : undefined}>
      {FIELDS.map((field) => (
        <label key={field.key}>
          {t(`settings.profile.${field.key}`)}
          <input
            type={field.type}
            value={values[field.key]}
            required={field.required}
            maxLength={field.key === 'initials' ? 8 : 200}
            autoComplete={field.autoComplete}
            onChange={(e) => {
              const value = e.target.value;
              setValues((v) => ({ ...v, [field.key]: value }));
            }}
          />
        </label>
      ))}
      {error && (
        <p id={errorId} className="error-box" role="alert">
          {t(`errors.${error}`)}
        </p>
      )}
      <button type="submit" className="primary">
        {t('settings.profile.save')}
      </button>
      {saved && <span role="status">{t('settings.profile.saved')}</span>}
    </form>
  );
}

/** Settings: who works at this workstation. */
export function ProfileSection() {
  const { t } = useTranslation();
  const headingId = useId();
  const status = useAppStore((s) => s.profile.status);
  const stored = useAppStore((s) => s.profile.value);
  return (
    <section aria-labelledby={headingId} className="profile-section">
      <h2 id={headingId}>{t('settings.profile.heading')}</h2>
      <p className="hint">{t('settings.profile.intro')}</p>
      {/* A profile stored elsewhere (the CLI, a first-start prompt) starts the form afresh. */}
      {status !== 'idle' && <ProfileForm key={JSON.stringify(stored)} />}
    </section>
  );
}

/**
 * Asked at the first start, until a profile is stored or the user puts it
 * off for this session: a region above the screen, not a dialog, so nothing
 * else waits for it.
 */
export function ProfilePrompt() {
  const { t } = useTranslation();
  const headingId = useId();
  const status = useAppStore((s) => s.profile.status);
  const dismissed = useAppStore((s) => s.profile.promptDismissed);
  const dismiss = useAppStore((s) => s.dismissProfilePrompt);
  if (status !== 'missing' || dismissed) return null;
  return (
    <section className="profile-prompt" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('settings.profile.promptTitle')}</h2>
      <p className="hint">{t('settings.profile.intro')}</p>
      <ProfileForm />
      <button type="button" onClick={dismiss}>
        {t('settings.profile.promptLater')}
      </button>
    </section>
  );
}
