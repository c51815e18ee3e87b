export { SubscriptionTrie } from './subscription-trie.ts';
export type { MatchVisitor } from './subscription-trie.ts';
export { RetainedStore } from './retained-store.ts';
export { filterMatches, topicFilterProblem, topicNameProblem } from './validate.ts';
export type { TopicProblem } from './validate.ts';
