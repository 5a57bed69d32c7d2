import { useEffect, useId, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FigureAttrs } from '../../../../shared/document';
import type { Asset } from '../../../../shared/domain/asset';
import { assetUrl } from '../../api/client';
import { errorCodeOf } from '../../lib/errors';
import { useAppStore } from '../../stores';
import { figureFromAsset } from '../compose/extensions/figure';
import { FigureFields, type FigureFieldsHandle } from './FigureFields';
import { MediaLibrary } from './MediaLibrary';

export interface LeadImageFieldProps {
  readonly value: FigureAttrs | null;
  readonly onChange: (value: FigureAttrs | null) => void;
  readonly disabled?: boolean;
  /** Tells the caller which field to focus when a check points at the lead image. */
  readonly ref?: Ref<FigureFieldsHandle>;
}

/** The lead image (Aufmacherbild): pick a file or reuse one from the media library, then caption, credit and alt text. */
export function LeadImageField({ value, onChange, disabled = false, ref }: LeadImageFieldProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const fields = useRef<FigureFieldsHandle>(null);
  const pickButton = useRef<HTMLButtonElement>(null);
  // With an image, its first missing text; without one, the button that picks one.
  useImperativeHandle(ref, () => ({ focusTarget: () => fields.current?.focusTarget() ?? pickButton.current }), []);
  const [libraryOpen, setLibraryOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const uploadImage = useAppStore((s) => s.uploadImage);
  const rememberAsset = useAppStore((s) => s.rememberAsset);
  const width = useAppStore((s) => (value ? s.media.known[value.assetId]?.width : undefined));

  useEffect(() => {
    if (value) void rememberAsset(value.assetId);
  }, [value, rememberAsset]);

  const choose = (asset: Asset) => {
    setError(null);
    onChange(figureFromAsset(asset));
  };

  return (
    <section className="lead-image" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('leadImage.title')}</h2>
      {value ? (
        <div className="figure-node">
          <img src={assetUrl(value.assetId, 'thumb')} alt={value.decorative ? '' : value.alt} />
          <FigureFields
            ref={fields}
            value={value}
            lead
            width={width}
            disabled={disabled}
            onChange={(patch) => onChange({ ...value, ...patch })}
          />
        </div>
      ) : (
        <p className="lead-image-empty">{t('leadImage.none')}</p>
      )}
      {!disabled ? (
        <div className="lead-image-actions">
          <button type="button" ref={pickButton} onClick={() => fileInput.current?.click()}>
            {value ? t('leadImage.replace') : t('leadImage.pick')}
          </button>
          <button type="button" onClick={() => setLibraryOpen(true)}>
            {t('leadImage.fromLibrary')}
          </button>
          {value ? (
            <button type="button" onClick={() => onChange(null)}>
              {t('leadImage.remove')}
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
              if (!file) return;
              uploadImage(file).then(choose, (err: unknown) => setError(t(`errors.${errorCodeOf(err)}`)));
            }}
          />
        </div>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
      {libraryOpen ? (
        <MediaLibrary
          onClose={() => setLibraryOpen(false)}
          actions={[
            {
              label: t('leadImage.useAsLead'),
              run: (asset) => {
                choose(asset);
                setLibraryOpen(false);
              },
            },
          ]}
        />
      ) : null}
    </section>
  );
}
