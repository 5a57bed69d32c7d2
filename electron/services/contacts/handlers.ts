import type { HandlersOf } from '../../../shared/contract';
import type { contactChannels } from '../../../shared/contract/contacts';
import { contactsCsv, exportFileName } from './contactExport';
import { runContactImport } from './contactImport';
import type { ContactImportJobs } from './contactImportJobs';
import type { ContactRepository } from './contactRepository';

/**
 * The press list's channels. `changed` is called after every change of
 * contacts, lists or memberships (the host pushes `contacts.onDidChange`).
 */
export function contactHandlers(
  contacts: ContactRepository,
  changed: () => void,
  imports: ContactImportJobs,
  now: () => Date = () => new Date(),
): HandlersOf<typeof contactChannels> {
  const changing = <T>(result: T): T => {
    changed();
    return result;
  };
  return {
    'contacts.list': (input) => contacts.list(input),
    'contacts.get': ({ id }) => contacts.get(id),
    'contacts.create': ({ fields, listIds }) => changing(contacts.create(fields, listIds)),
    'contacts.update': ({ id, fields, listIds }) => changing(contacts.update(id, fields, listIds)),
    'contacts.delete': ({ id }) => changing({ deleted: contacts.delete(id) }),
    'contacts.optOut': ({ email }) => changing(contacts.optOut(email)),
    'contacts.import': async ({ files, list }) =>
      changing((await runContactImport(contacts, files, { list, now })).summary),
    'contacts.importStart': ({ files, list }) => imports.start(files, list),
    'contacts.importProgress': ({ jobId }) => imports.progress(jobId),
    'contacts.importCancel': ({ jobId }) => imports.cancel(jobId),
    'contacts.exportCsv': ({ listId }) => {
      const list = listId === undefined ? null : contacts.getList(listId);
      const items = contacts.all(listId);
      return { fileName: exportFileName(list?.name ?? null, now()), bytes: contactsCsv(items), count: items.length };
    },
    'lists.list': () => ({ items: contacts.lists() }),
    'lists.create': ({ name }) => changing(contacts.createList(name)),
    'lists.rename': ({ id, name }) => changing(contacts.renameList(id, name)),
    'lists.delete': ({ id }) => changing({ deleted: contacts.deleteList(id) }),
    'lists.addMembers': ({ id, contactIds }) => changing(contacts.addMembers(id, contactIds)),
    'lists.removeMembers': ({ id, contactIds }) => changing(contacts.removeMembers(id, contactIds)),
  };
}
