/** What a run loads of this connector: its main entry, never its simulator (the conformance kit's check). */
import { join } from 'node:path';
import { describeMainEntry } from '@koppelwerk/testing';

describeMainEntry(join(__dirname, '..'));
