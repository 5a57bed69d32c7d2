import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';

/** Path of the Nu Html Checker's jar (from the vnu-jar package). */
export function vnuJar(): string {
  return String(createRequire(__filename)('vnu-jar'));
}

/** Runs the Nu Html Checker on files; resolves with its error messages (empty when valid). */
export function validateHtml(files: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'java',
      ['-jar', vnuJar(), '--errors-only', '--format', 'json', ...files],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new Error('java is not installed'));
          return;
        }
        try {
          const report = JSON.parse(stderr || '{"messages":[]}') as {
            messages: { type: string; message: string; lastLine?: number }[];
          };
          resolve(report.messages.filter((m) => m.type === 'error').map((m) => `${m.lastLine ?? '?'}: ${m.message}`));
        } catch {
          reject(new Error(`unexpected vnu output: ${stderr.slice(0, 500)}`));
        }
      },
    );
  });
}
