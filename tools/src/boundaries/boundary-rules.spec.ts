import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BOUNDARY_RULES, checkBoundaries, type GraphProject } from './boundary-rules';

const projects = [
  { name: 'core', tags: ['layer:core'] },
  { name: 'mapping', tags: ['layer:mapping'] },
  { name: 'testing', tags: ['layer:testing'] },
  { name: 'engine', tags: ['layer:engine'] },
  { name: 'store-sqlite', tags: ['layer:store'] },
  { name: 'store-postgres', tags: ['layer:store'] },
  { name: 'eboekhouden', tags: ['layer:connector'] },
  { name: 'mijnwebwinkel', tags: ['layer:connector'] },
  { name: 'runtime', tags: ['layer:runtime'] },
  { name: 'daemon', tags: ['layer:program'] },
  { name: 'observability', tags: ['layer:program'] },
  { name: 'runner', tags: ['layer:cli'] },
];

/** The workspace's own projects and their tags, as nx reads them from each project.json. */
function workspaceProjects(): GraphProject[] {
  const root = join(__dirname, '..', '..', '..');
  const folders = ['libs', 'connectors', 'programs'].flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)));
  return [...folders, join(root, 'runner'), join(root, 'tools')]
    .filter((folder) => existsSync(join(folder, 'project.json')))
    .map((folder) => JSON.parse(readFileSync(join(folder, 'project.json'), 'utf8')) as { name: string; tags?: string[] })
    .map((project) => ({ name: project.name, tags: project.tags ?? [] }));
}

describe('module boundaries', () => {
  it('accepts the layers: cli -> stores and connectors -> engine -> mapping, testing -> core', () => {
    expect(
      checkBoundaries(projects, [
        { source: 'runner', target: 'eboekhouden' },
        { source: 'runner', target: 'store-sqlite' },
        { source: 'runner', target: 'core' },
        { source: 'store-sqlite', target: 'engine' },
        { source: 'store-postgres', target: 'testing' },
        { source: 'engine', target: 'core' },
        { source: 'eboekhouden', target: 'core' },
        { source: 'eboekhouden', target: 'testing' },
        { source: 'mapping', target: 'core' },
        { source: 'eboekhouden', target: 'npm:soap' },
      ]),
    ).toEqual([]);
  });

  it('refuses a connector importing another connector, or a store the other store', () => {
    const violations = checkBoundaries(projects, [
      { source: 'mijnwebwinkel', target: 'eboekhouden' },
      { source: 'store-sqlite', target: 'store-postgres' },
    ]);
    expect(violations.map((v) => v.message)).toEqual([
      '"mijnwebwinkel" (layer:connector) may not depend on "eboekhouden" (layer:connector); layer:connector may depend on: layer:core, layer:mapping, layer:testing',
      '"store-sqlite" (layer:store) may not depend on "store-postgres" (layer:store); layer:store may depend on: layer:core, layer:mapping, layer:testing, layer:engine',
    ]);
  });

  it('refuses every import upwards: a lower layer importing a higher one', () => {
    const violations = checkBoundaries(projects, [
      { source: 'core', target: 'engine' },
      { source: 'mapping', target: 'runner' },
      { source: 'engine', target: 'store-sqlite' },
      { source: 'engine', target: 'eboekhouden' },
      { source: 'eboekhouden', target: 'engine' },
      { source: 'testing', target: 'mapping' },
    ]);
    expect(violations.map((v) => `${v.source}->${v.target}`)).toEqual(['core->engine', 'mapping->runner', 'engine->store-sqlite', 'engine->eboekhouden', 'eboekhouden->engine', 'testing->mapping', 'eboekhouden->engine' /* and the loop the two make */]);
  });

  it('lets a program use another program, and refuses projects that depend on each other in a loop', () => {
    expect(checkBoundaries(projects, [{ source: 'daemon', target: 'observability' }, { source: 'daemon', target: 'runtime' }])).toEqual([]);
    const loop = checkBoundaries(projects, [
      { source: 'daemon', target: 'observability' },
      { source: 'observability', target: 'daemon' },
    ]);
    expect(loop.map((v) => v.message)).toEqual(['projects "daemon", "observability" depend on each other in a loop; make the dependencies point one way']);
    expect(checkBoundaries(projects, [{ source: 'runtime', target: 'daemon' }]).map((v) => `${v.source}->${v.target}`)).toEqual(['runtime->daemon']);
  });

  it('refuses a project without exactly one layer tag', () => {
    expect(checkBoundaries([{ name: 'stray', tags: [] }], [])[0].message).toMatch(/needs exactly one of the tags layer:core, /);
  });

  it("tags every project of this workspace with one layer, and refuses a deliberate upward import among them", () => {
    const real = workspaceProjects();
    expect(real.length).toBeGreaterThanOrEqual(10);
    expect(real.filter((project) => project.tags.filter((tag) => tag in BOUNDARY_RULES).length !== 1)).toEqual([]);
    expect(checkBoundaries(real, [])).toEqual([]);
    // core importing the engine, the engine a store: each is refused, naming both ends.
    const upward = checkBoundaries(real, [
      { source: 'core', target: 'engine' },
      { source: 'engine', target: real.find((project) => project.tags.includes('layer:store'))?.name ?? 'runner' },
    ]);
    expect(upward).toHaveLength(2);
    expect(upward[0].message).toBe('"core" (layer:core) may not depend on "engine" (layer:engine); layer:core may depend on: no other project');
  });
});
