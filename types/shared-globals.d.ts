// The few platform globals that shared/ may use: they exist identically in
// browsers, Node and Electron. Only the shared-only compiler project sees this.
declare class URL {
  constructor(url: string, base?: string);
  readonly href: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly searchParams: { get(name: string): string | null };
}
