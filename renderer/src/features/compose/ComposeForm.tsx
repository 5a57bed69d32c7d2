import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FigureAttrs } from '../../../../shared/document';
import type { Asset } from '../../../../shared/domain/asset';
import { Dialog } from '../../components/Dialog';
import { errorCodeOf } from '../../lib/errors';
import { appStore, useAppStore } from '../../stores';
import { ExportPanel } from '../export/ExportPanel';
import type { FigureFieldsHandle } from '../media/FigureFields';
import { LeadImageField } from '../media/LeadImageField';
import { BodyEditor } from './BodyEditor';
import { BodyStats } from './BodyStats';
import { figureFromAsset } from './extensions/figure';
import { LanguageField } from './fields/LanguageField';
import { TextField } from './fields/TextField';
import { TopicField } from './fields/TopicField';
import { jumpToField, registerFocusTarget } from './focusTargets';
import { DateField, RelatedLinksField, SnippetField, TagsField, WorkflowBar } from './ReleaseDetails';
import { RelatedReleasesField } from './RelatedReleasesField';

/** Recommended maximum lengths (portal style guide). */
const HEADLINE_MAX = 70;
const TEASER_MAX = 300;

/** The release's fields, the body, the appendix, the export and the actions, in reading order. */
export function ComposeForm() {
  const { t } = useTranslation();
  const session = useAppStore((s) => s.compose.session);
  const language = useAppStore((s) => s.compose.draft.language);
  const exists = useAppStore((s) => s.compose.releaseId !== null);
  const flushSave = useAppStore((s) => s.flushSave);
  return (
    <div className="compose-layout" onBlur={() => void flushSave()}>
      <section className="compose-fields" aria-label={t('compose.fieldsLabel')}>
        {exists && <WorkflowBar />}
        <TopicField />
        <TextField
          field="headline"
          label={t('compose.fields.headline')}
          max={HEADLINE_MAX}
          className="field-headline"
        />
        <TextField field="subheadline" label={t('compose.fields.subheadline')} />
        <TextField
          field="teaser"
          label={t('compose.fields.teaser')}
          max={TEASER_MAX}
          hint={t('compose.hints.teaser')}
          multiline
        />
        <ConnectedLeadImage />
        <div className="field-row">
          <TextField field="dateline" label={t('compose.fields.dateline')} hint={t('compose.hints.dateline')} />
          <LanguageField />
        </div>
        <div className="field-row">
          <DateField field="publishedAt" label={t('compose.fields.publishedAt')} />
          <DateField field="embargoUntil" label={t('compose.fields.embargoUntil')} />
        </div>
        <TagsField key={session} />
      </section>
      <ConnectedBodyEditor key={session} language={language} />
      <ConnectedBodyStats />
      <section className="compose-fields compose-appendix" aria-label={t('compose.appendixLabel')}>
        <SnippetField field="pressContact" label={t('compose.fields.pressContact')} />
        <SnippetField field="boilerplate" label={t('compose.fields.boilerplate')} />
        <RelatedLinksField />
        <RelatedReleasesField />
      </section>
      <ConnectedExportPanel />
      <ComposeActions />
    </div>
  );
}

function ConnectedBodyStats() {
  const body = useAppStore((s) => s.compose.draft.body);
  return <BodyStats body={body} />;
}

const currentDraftLanguage = (): string => appStore.getState().compose.draft.language;

function ConnectedLeadImage() {
  const value = useAppStore((s) => s.compose.draft.leadImage);
  const setFields = useAppStore((s) => s.setFields);
  const field = useRef<FigureFieldsHandle>(null);
  useEffect(() => registerFocusTarget('leadImage', () => field.current?.focusTarget()), []);
  return (
    <div className="field-lead-image">
      <LeadImageField
        ref={field}
        value={value}
        onChange={(leadImage: FigureAttrs | null) => setFields({ leadImage })}
      />
    </div>
  );
}

/** Export of the stored version; shown once the release exists. */
function ConnectedExportPanel() {
  const releaseId = useAppStore((s) => s.compose.releaseId);
  const dirty = useAppStore((s) => s.compose.dirty);
  if (releaseId === null) return null;
  return <ExportPanel releaseId={releaseId} dirty={dirty} onJump={(field) => void jumpToField(field)} />;
}

function ConnectedBodyEditor({ language }: { language: string }) {
  const bodyChanged = useAppStore((s) => s.bodyChanged);
  const uploadImage = useAppStore((s) => s.uploadImage);
  const showError = useAppStore((s) => s.showError);
  const setFields = useAppStore((s) => s.setFields);
  // The editor owns its content after creation; the store is told of every change and reads the body lazily.
  const [initial] = useState(() => appStore.getState().compose.draft.body);
  return (
    <BodyEditor
      initialContent={initial}
      language={language}
      onChange={bodyChanged}
      currentLanguage={currentDraftLanguage}
      upload={uploadImage}
      onUploadError={(error) => showError(errorCodeOf(error))}
      onUseAsLeadImage={(asset: Asset) => setFields({ leadImage: figureFromAsset(asset) })}
    />
  );
}

function ComposeActions() {
  const { t } = useTranslation();
  const exists = useAppStore((s) => s.compose.releaseId !== null);
  const actionError = useAppStore((s) => s.compose.actionError);
  const trashRelease = useAppStore((s) => s.trashRelease);
  const [confirming, setConfirming] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  if (!exists) return null;
  return (
    <div className="compose-actions">
      {actionError && (
        <div className="error-box" role="alert">
          <p>
            <strong>{t('compose.trashFailed')}</strong> {t(`errors.${actionError}`)}
          </p>
        </div>
      )}
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        {t('compose.trash')}
      </button>
      <Dialog
        open={confirming}
        title={t('compose.trashDialog.title')}
        description={t('compose.trashDialog.body')}
        onCancel={() => setConfirming(false)}
        initialFocus={cancelButton}
      >
        <button
          type="button"
          className="danger"
          onClick={() => {
            setConfirming(false);
            void trashRelease();
          }}
        >
          {t('compose.trashDialog.confirm')}
        </button>
        <button ref={cancelButton} type="button" onClick={() => setConfirming(false)}>
          {t('common.cancel')}
        </button>
      </Dialog>
    </div>
  );
}
