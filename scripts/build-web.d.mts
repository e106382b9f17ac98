export declare const WIDGET_BUDGET_GZIP_BYTES: number;
export interface BuiltFile {
  file: string;
  bytes: number;
  gzip: number;
}
export declare function buildWeb(options?: { quiet?: boolean }): Promise<BuiltFile[]>;
export declare function widgetScriptGzipBytes(outputs: BuiltFile[]): number;
