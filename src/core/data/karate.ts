// Zachary's karate club, the classic first graph for GNNs: 34 members, 78 friendships, and
// the two factions the club split into (Mr. Hi's, class 0, and the officer John A.'s, class 1).
// Source: W. W. Zachary, "An Information Flow Model for Conflict and Fission in Small Groups",
// Journal of Anthropological Research 33 (1977) 452–473; edges and factions as distributed in
// UCINET and networkx's karate_club_graph (members numbered from 0).
//
// The whole graph is one example with two inputs, as `graph_conv g 16 from x, adjacency` reads
// them: node features x = the identity [34, 34] (each member is only "who they are"), and the
// adjacency A [34, 34], 0/1, symmetric, zero diagonal — the layer adds self-loops and
// normalises. Targets are one class per node. Node classification is semi-supervised: masks
// say which nodes' labels training sees (the `train` split) and which are held out (the
// `validation` split). With split = 1 (the default) only the two leaders, members 0 and 33,
// are labelled, the setting of Kipf & Welling's demonstration; with split < 1 that fraction
// of the members is labelled, drawn per faction by the seed, the leaders always among them.

import { Examples, FamilyContext } from './family';
import { classTargets } from './targets';
import { floatTensor } from './tensors';

export const KARATE_NODES = 34;

/** Each member's friends with a higher number: 78 undirected edges. */
const FRIENDS: readonly (readonly [number, readonly number[]])[] = [
  [0, [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 17, 19, 21, 31]],
  [1, [2, 3, 7, 13, 17, 19, 21, 30]],
  [2, [3, 7, 8, 9, 13, 27, 28, 32]],
  [3, [7, 12, 13]],
  [4, [6, 10]],
  [5, [6, 10, 16]],
  [6, [16]],
  [8, [30, 32, 33]],
  [9, [33]],
  [13, [33]],
  [14, [32, 33]],
  [15, [32, 33]],
  [18, [32, 33]],
  [19, [33]],
  [20, [32, 33]],
  [22, [32, 33]],
  [23, [25, 27, 29, 32, 33]],
  [24, [25, 27, 31]],
  [25, [31]],
  [26, [29, 33]],
  [27, [33]],
  [28, [31, 33]],
  [29, [32, 33]],
  [30, [32, 33]],
  [31, [32, 33]],
  [32, [33]],
];

export const KARATE_EDGES: readonly (readonly [number, number])[] = FRIENDS.flatMap(([a, friends]) => friends.map((b) => [a, b] as const));

/** Members who followed Mr. Hi (class 0); the others followed the officer (class 1). */
const MR_HI = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 16, 17, 19, 21]);

export const KARATE_FACTIONS: readonly number[] = Array.from({ length: KARATE_NODES }, (_, i) => (MR_HI.has(i) ? 0 : 1));

const LEADERS = [0, 33];

export function karateAdjacency(): Float32Array {
  const adjacency = new Float32Array(KARATE_NODES * KARATE_NODES);
  for (const [a, b] of KARATE_EDGES) {
    adjacency[a * KARATE_NODES + b] = 1;
    adjacency[b * KARATE_NODES + a] = 1;
  }
  return adjacency;
}

/** The members whose labels training sees. */
export function labelledMembers(split: number, context: FamilyContext): Set<number> {
  const labelled = new Set(LEADERS);
  if (split >= 1) return labelled;
  for (const faction of [0, 1]) {
    const members = KARATE_FACTIONS.flatMap((f, i) => (f === faction && !LEADERS.includes(i) ? [i] : []));
    const wanted = Math.max(0, Math.round(split * (members.length + 1)) - 1);
    for (const i of context.random.shuffle(members).slice(0, wanted)) labelled.add(i);
  }
  return labelled;
}

export function karateExamples(context: FamilyContext): Examples {
  const n = KARATE_NODES;
  const identity = new Float32Array(n * n);
  for (let i = 0; i < n; i++) identity[i * n + i] = 1;
  const labelled = labelledMembers(context.args.number('split'), context);
  const train = Float32Array.from({ length: n }, (_, i) => (labelled.has(i) ? 1 : 0));
  const validation = train.map((m) => 1 - m);
  // adjacency=false: the same members, labels and masks without the graph (a graph-blind baseline).
  const features = floatTensor([1, n, n], identity);
  return {
    inputs: context.args.raw('adjacency') === false ? [features] : [features, floatTensor([1, n, n], karateAdjacency())],
    targets: classTargets(Int32Array.from(KARATE_FACTIONS), 1, { dataset: context.name, classes: 2, idShape: [n] }, context.model),
    task: 'binary',
    classes: 2,
    labels: ['Mr. Hi', 'Officer'],
    masks: { train: floatTensor([1, n], train), validation: floatTensor([1, n], validation) },
  };
}
