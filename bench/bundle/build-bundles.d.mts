/** Types of build-bundles.mjs, for the TypeScript side of the benchmark. */
export interface BundleFile {
  path: string;
  minified: number;
  gzipped: number;
  staticImports: string[];
  dynamicImports: string[];
  /** Providers whose SDK or Switchboard adapter code this file carries. */
  providers: string[];
  entry: boolean;
  /** The module a lazily imported chunk was built from. */
  entryPoint: string | undefined;
  /** Minified bytes each workspace source file (`packages/…`) contributes to this file. */
  sources: Record<string, number>;
}
export interface Bundle {
  name: string;
  /** Output files by path relative to the repository root. */
  files: Record<string, BundleFile>;
}
export declare const ROOT: string;
export declare const OUTPUT: string;
export declare const ENTRIES: Record<string, string>;
export declare const VENDORS: Record<'socket-io' | 'pusher' | 'ably', string>;
export declare const FIRST_USE: Record<string, string>;
export declare function staticClosure(bundle: Bundle, start: string[]): string[];
export declare function eagerFiles(bundle: Bundle): string[];
export declare function subscribeFiles(bundle: Bundle, provider: string): string[];
export declare function sumGzip(bundle: Bundle, keys: string[]): number;
export declare function sumMinified(bundle: Bundle, keys: string[]): number;
export declare function buildBundles(): Promise<Record<string, Bundle>>;
