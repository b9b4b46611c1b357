import { groupBy } from '../lib/group-by';

test('groups keep the items\' order, and the groups the order of their first item', () => {
  const groups = groupBy(['dev/a', 'prod/b', 'dev/c', 'qa/d', 'prod/e'], (path) => path.split('/')[0]);
  expect([...groups]).toEqual([['dev', ['dev/a', 'dev/c']], ['prod', ['prod/b', 'prod/e']], ['qa', ['qa/d']]]);
});
