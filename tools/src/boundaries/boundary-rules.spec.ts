import { checkBoundaries } from './boundary-rules';

const projects = [
  { name: 'core', tags: ['type:lib'] },
  { name: 'mapping', tags: ['type:lib'] },
  { name: 'eboekhouden', tags: ['type:connector'] },
  { name: 'mijnwebwinkel', tags: ['type:connector'] },
  { name: 'runner', tags: ['type:runner'] },
];

describe('module boundaries', () => {
  it('accepts the architecture: runner -> connectors -> libs', () => {
    expect(
      checkBoundaries(projects, [
        { source: 'runner', target: 'eboekhouden' },
        { source: 'runner', target: 'core' },
        { source: 'eboekhouden', target: 'core' },
        { source: 'mapping', target: 'core' },
        { source: 'eboekhouden', target: 'npm:soap' },
      ]),
    ).toEqual([]);
  });

  it('refuses a connector importing another connector', () => {
    const violations = checkBoundaries(projects, [{ source: 'mijnwebwinkel', target: 'eboekhouden' }]);
    expect(violations).toHaveLength(1);
    expect(violations[0].message).toMatch(/"mijnwebwinkel" \(type:connector\) may not depend on "eboekhouden" \(type:connector\)/);
  });

  it('refuses a lib importing a connector or the runner', () => {
    const violations = checkBoundaries(projects, [
      { source: 'core', target: 'eboekhouden' },
      { source: 'mapping', target: 'runner' },
    ]);
    expect(violations.map((v) => `${v.source}->${v.target}`)).toEqual(['core->eboekhouden', 'mapping->runner']);
  });

  it('refuses a project without a type tag', () => {
    expect(checkBoundaries([{ name: 'stray', tags: [] }], [])[0].message).toMatch(/needs exactly one of the tags/);
  });
});
