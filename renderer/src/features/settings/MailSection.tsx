import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAIL_SECURITY, type MailSettingKey } from '../../../../shared/domain/mail';
import { useAppStore } from '../../stores';

const FIELDS: readonly { key: Exclude<MailSettingKey, 'mail.security'>; type: 'text' | 'number' | 'email' }[] = [
  { key: 'mail.host', type: 'text' },
  { key: 'mail.port', type: 'number' },
  { key: 'mail.user', type: 'text' },
  { key: 'mail.from', type: 'text' },
  { key: 'mail.replyTo', type: 'email' },
  { key: 'mail.rate', type: 'number' },
];

/**
 * E-Mail-Versand: the office's SMTP server, the sender and the rate; the
 * password only in the app (kept in the system keychain), while web mode
 * explains the environment variable. Each field is stored when it loses the focus.
 */
export function MailSection() {
  const { t } = useTranslation();
  const headingId = useId();
  const values = useAppStore((s) => s.settings.mailSettings);
  const error = useAppStore((s) => s.settings.mailError);
  const password = useAppStore((s) => s.settings.mailPassword);
  const load = useAppStore((s) => s.loadMailSettings);
  const save = useAppStore((s) => s.saveMailSetting);
  const savePassword = useAppStore((s) => s.saveMailPassword);
  const [typed, setTyped] = useState('');

  useEffect(() => {
    void load();
  }, [load]);

  const label = (key: MailSettingKey) => t(`mail.settings.${key.slice('mail.'.length) as 'host'}`);
  const problem = (key: MailSettingKey | 'password') =>
    error?.key === key ? (
      <span className="field-error" role="alert">
        {t(`errors.${error.code}`)}
      </span>
    ) : null;

  return (
    <section aria-labelledby={headingId} className="mail-section">
      <h2 id={headingId}>{t('mail.settings.heading')}</h2>
      <p className="hint">{t('mail.settings.intro')}</p>
      {FIELDS.map(({ key, type }) => (
        <label key={`${key}\u0000${values[key] ?? ''}`}>
          {label(key)}
          <input
            type={type}
            defaultValue={values[key] ?? ''}
            autoComplete="off"
            onBlur={(e) => {
              if (e.target.value !== (values[key] ?? '')) void save(key, e.target.value);
            }}
          />
          {problem(key)}
        </label>
      ))}
      <label>
        {label('mail.security')}
        <select value={values['mail.security'] ?? ''} onChange={(e) => void save('mail.security', e.target.value)}>
          <option value="">{t('mail.settings.securityStarttls')}</option>
          {MAIL_SECURITY.map((s) => (
            <option key={s} value={s}>
              {t(`mail.settings.security${s === 'none' ? 'None' : s === 'tls' ? 'Tls' : 'Starttls'}`)}
            </option>
          ))}
        </select>
        {problem('mail.security')}
      </label>
      {password?.source === 'keychain' ? (
        <div className="mail-password">
          <label>
            {t('mail.settings.password')}
            <input
              type="password"
              value={typed}
              autoComplete="new-password"
              onChange={(e) => setTyped(e.target.value)}
            />
          </label>
          <button type="button" onClick={() => void savePassword(typed).then((ok) => ok && setTyped(''))}>
            {t('mail.settings.passwordSave')}
          </button>
          <p role="status">{t(password.stored ? 'mail.settings.passwordStored' : 'mail.settings.passwordNone')}</p>
          {problem('password')}
        </div>
      ) : password?.source === 'environment' ? (
        <p className="hint">{t('mail.settings.passwordEnv')}</p>
      ) : null}
    </section>
  );
}
