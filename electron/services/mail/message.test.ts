import { describe, expect, it } from 'vitest';
import { mailbox } from './message';

describe('a recipient mailbox in a header', () => {
  it('quotes or encodes the name, and keeps the line short whatever the name', () => {
    expect(mailbox('Anna Müller', 'anna@zeitung.example')).toMatch(/^=\?UTF-8\?Q\?.*\?= <anna@zeitung\.example>$/);
    expect(mailbox('Carla "CJ" Jansen', 'c@x.example')).toBe('"Carla \\"CJ\\" Jansen" <c@x.example>');
    expect(mailbox('', 'd@x.example')).toBe('d@x.example');
    const long = mailbox('Ö'.repeat(300), 'e@x.example');
    expect(long.length).toBeLessThan(998);
    expect(long).not.toMatch(/[\r\n]/);
  });
});
