export interface ConnectorGeneratorSchema {
  name: string;
  kind: 'source' | 'sink';
  transport?: 'rest' | 'soap';
  title?: string;
  /** A package of its own in `directory`, outside this workspace, instead of connectors/<name>. */
  standalone?: boolean;
  directory?: string;
  packageName?: string;
}
