import { existsSync } from 'node:fs';
import { UsageError, type Command } from '../command';

export const settingsCommand: Command = {
  name: 'settings',
  synopsis: 'settings list | settings get KEY | settings set KEY VALUE',
  summary:
    'Show or change the press office: office.name, office.logo (an image file), office.address, office.url, office.contact, office.boilerplate, office.creditStyle, office.numbering',
  async run({ args, json, io, workstation, call }) {
    const [sub, ...rest] = args;
    if (sub === 'list') {
      if (rest.length > 0) throw new UsageError('settings list takes no arguments');
      const { items } = await call('settings.list', {});
      if (json) io.out(JSON.stringify(Object.fromEntries(items.map((s) => [s.key, s.value]))));
      else for (const s of items) io.out(`${s.key}\t${s.value === null ? '' : s.value.replace(/\n/g, '\\n')}`);
      return 0;
    }
    if (sub === 'get') {
      const [key] = rest;
      if (!key || rest.length > 1) throw new UsageError('settings get needs exactly one KEY');
      const setting = await call('settings.get', { key });
      io.out(json ? JSON.stringify(setting) : (setting.value ?? ''));
      return 0;
    }
    if (sub === 'set') {
      const [key, value] = rest;
      if (!key || value === undefined || rest.length > 2) throw new UsageError('settings set needs a KEY and a VALUE');
      let stored = value;
      // The logo is given as an image file: it is stored in the media library and the setting names it.
      if (key === 'office.logo' && value.trim() !== '' && existsSync(value)) {
        stored = (await workstation().importAssetFile(value)).id;
      }
      const setting = await call('settings.set', { key, value: stored });
      io.out(json ? JSON.stringify(setting) : setting.value === null ? `${key} cleared.` : `${key} = ${setting.value}`);
      return 0;
    }
    throw new UsageError('settings needs list, get KEY or set KEY VALUE');
  },
};
