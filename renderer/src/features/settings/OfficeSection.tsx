import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CREDIT_STYLES, type OfficeSettingKey } from '../../../../shared/domain/office';
import { assetUrl } from '../../api/client';
import { useAppStore } from '../../stores';
import { MediaLibrary } from '../media/MediaLibrary';

type TextKey = Exclude<OfficeSettingKey, 'office.logo' | 'office.creditStyle'>;

const FIELDS: readonly { key: TextKey; multiline?: boolean; type?: 'url' }[] = [
  { key: 'office.name' },
  { key: 'office.address', multiline: true },
  { key: 'office.url', type: 'url' },
  { key: 'office.contact', multiline: true },
  { key: 'office.boilerplate', multiline: true },
  { key: 'office.numbering' },
];

/** The i18n key part of a setting: `office.creditStyle` → `creditStyle`. */
const part = (key: OfficeSettingKey) => key.slice('office.'.length) as 'name';

/**
 * The press office that issues the releases: name, logo, address, website,
 * the defaults of a new release, the credit style and the release numbers.
 * Each field is stored when it loses the focus.
 */
export function OfficeSection() {
  const { t } = useTranslation();
  const headingId = useId();
  const office = useAppStore((s) => s.settings.office);
  const officeError = useAppStore((s) => s.settings.officeError);
  const save = useAppStore((s) => s.saveOfficeSetting);
  const uploadLogo = useAppStore((s) => s.uploadOfficeLogo);
  const fileInput = useRef<HTMLInputElement>(null);
  const [libraryOpen, setLibraryOpen] = useState(false);
  const logo = office['office.logo'] ?? null;

  return (
    <section aria-labelledby={headingId} className="office-section">
      <h2 id={headingId}>{t('settings.office.heading')}</h2>
      <p className="hint">{t('settings.office.intro')}</p>
      {FIELDS.map((field) => (
        <OfficeField
          // A value stored elsewhere (a restore, the CLI) starts the field afresh.
          key={`${field.key}\u0000${office[field.key] ?? ''}`}
          settingKey={field.key}
          stored={office[field.key] ?? ''}
          multiline={field.multiline === true}
          type={field.type}
          error={officeError?.key === field.key ? t(`errors.${officeError.code}`) : null}
          onSave={(value) => save(field.key, value)}
        />
      ))}
      <label>
        {t('settings.office.creditStyle')}
        <select
          value={office['office.creditStyle'] ?? ''}
          onChange={(e) => void save('office.creditStyle', e.target.value)}
        >
          <option value="">{t('settings.office.creditStyleDefault')}</option>
          {CREDIT_STYLES.map((style) => (
            <option key={style} value={style}>
              {t(`settings.office.creditStyles.${style}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="office-logo-field">
        <legend>{t('settings.office.logo')}</legend>
        {logo ? (
          <img src={assetUrl(logo, 'thumb')} alt={t('settings.office.logoCurrent')} className="office-logo-preview" />
        ) : (
          <p>{t('settings.office.logoNone')}</p>
        )}
        <button type="button" onClick={() => fileInput.current?.click()}>
          {t('settings.office.logoUpload')}
        </button>
        <button type="button" onClick={() => setLibraryOpen(true)}>
          {t('settings.office.logoFromLibrary')}
        </button>
        {logo ? (
          <button type="button" onClick={() => void save('office.logo', '')}>
            {t('settings.office.logoRemove')}
          </button>
        ) : null}
        <input
          ref={fileInput}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif,image/avif,image/tiff"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void uploadLogo(file);
          }}
        />
        {officeError?.key === 'office.logo' ? <p role="alert">{t(`errors.${officeError.code}`)}</p> : null}
      </fieldset>
      {officeError?.key === 'office.creditStyle' ? <p role="alert">{t(`errors.${officeError.code}`)}</p> : null}
      {libraryOpen ? (
        <MediaLibrary
          onClose={() => setLibraryOpen(false)}
          actions={[
            {
              label: t('settings.office.logoUse'),
              run: (asset) => {
                void save('office.logo', asset.id);
                setLibraryOpen(false);
              },
            },
          ]}
        />
      ) : null}
    </section>
  );
}

interface OfficeFieldProps {
  readonly settingKey: TextKey;
  readonly stored: string;
  readonly multiline: boolean;
  readonly type?: 'url';
  readonly error: string | null;
  readonly onSave: (value: string) => Promise<boolean>;
}

/** One text setting: edited freely, stored on leaving the field; a refused value stays for correcting. */
function OfficeField({ settingKey, stored, multiline, type, error, onSave }: OfficeFieldProps) {
  const { t } = useTranslation();
  const errorId = useId();
  const [value, setValue] = useState(stored);
  const label = t(`settings.office.${part(settingKey)}`);
  const common = {
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
    onBlur: () => {
      if (value.trim() !== stored) void onSave(value);
    },
  } as const;
  return (
    <label>
      {label}
      {multiline ? (
        <textarea rows={3} {...common} onChange={(e) => setValue(e.target.value)} />
      ) : (
        <input type={type ?? 'text'} {...common} onChange={(e) => setValue(e.target.value)} />
      )}
      {settingKey === 'office.numbering' ? <span className="hint">{t('settings.office.numberingHint')}</span> : null}
      {error ? (
        <span id={errorId} role="alert">
          {error}
        </span>
      ) : null}
    </label>
  );
}
