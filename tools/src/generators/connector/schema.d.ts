export interface ConnectorGeneratorSchema {
  name: string;
  kind: 'source' | 'sink';
  transport?: 'rest' | 'soap';
  title?: string;
}
