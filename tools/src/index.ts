export { checkBoundaries, BOUNDARY_RULES, type BoundaryViolation } from './boundaries/boundary-rules';
