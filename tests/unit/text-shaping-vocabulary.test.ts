import { describe, expect, it } from 'vitest';
import { COMMON_WORDS_EN, SMALL_WORDS_EN } from '../../src/shared/text-shaping/common-words-en.js';
import { correctVocabulary } from '../../src/shared/text-shaping/correct-vocabulary.js';
import { editDistance, editRatio } from '../../src/shared/text-shaping/edit-distance.js';
import { lettersOf, soundKeys } from '../../src/shared/text-shaping/sound-key.js';
import { prepareVocabulary } from '../../src/shared/text-shaping/vocabulary-match.js';

const WORDS = [
  'Kubernetes',
  'Postgres',
  'GitHub',
  'Grafana',
  'Priya',
  'Cline',
  'Anthropic',
  'Vitest',
  'Tauri',
  'SQLite',
  'Node.js',
  'OpenWhispr',
  'Zod',
];

function corrector(words: readonly string[] = WORDS, tolerance = 0.3) {
  const vocabulary = prepareVocabulary(words, COMMON_WORDS_EN);
  return (text: string) =>
    correctVocabulary(text, { vocabulary, tolerance, common: COMMON_WORDS_EN, small: SMALL_WORDS_EN }).text;
}
const correct = corrector();

describe('edit distance and sound keys', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editRatio('postgress', 'postgres')).toBeCloseTo(1 / 9);
  });

  it('gives words that sound alike the same key', () => {
    expect(soundKeys('Kubernetes')).toEqual(soundKeys('cube or netties'));
    expect(soundKeys('Postgres')).toEqual(soundKeys('post gress'));
    expect(soundKeys('Grafana')).toEqual(soundKeys('graph ana'));
    expect(soundKeys('Cline')).toEqual(soundKeys('Klein'));
  });

  it('keeps words that sound different apart', () => {
    expect(soundKeys('Vitest')).not.toEqual(soundKeys('the test'));
    expect(soundKeys('Postgres')).not.toEqual(soundKeys('post grads'));
  });

  it('offers both readings of TH and G', () => {
    expect(soundKeys('GitHub')).toEqual(['J0P', 'KTP']);
    expect(soundKeys('Kubernetes')).toEqual(['KPRNTS']);
  });

  it('compares letters only, without accents', () => {
    expect(lettersOf('Node.js')).toBe('nodejs');
    expect(lettersOf('Zoë')).toBe('zoe');
  });
});

describe('listed words spelled as listed (Handy custom words, OpenWhispr dictionary)', () => {
  it('joins a word whisper heard as several', () => {
    expect(correct('We deploy on cube or netties and store data in post gress.')).toBe(
      'We deploy on Kubernetes and store data in Postgres.',
    );
    expect(correct('Check the graph ana dashboard.')).toBe('Check the Grafana dashboard.');
    expect(correct('We use node js and an tropic models.')).toBe('We use Node.js and Anthropic models.');
    expect(correct('Open whisper is an app.')).toBe('OpenWhispr is an app.');
  });

  it('fixes spelling and case of the listed word itself', () => {
    expect(correct('I pushed it to git hub.')).toBe('I pushed it to GitHub.');
    expect(correct('I pushed it to git-hub.')).toBe('I pushed it to GitHub.');
    expect(correct('the kubernetes cluster')).toBe('the Kubernetes cluster');
  });

  it('corrects a single misheard word (Handy #198: Cline heard as Klein)', () => {
    expect(correct('I asked Klein to refactor the module.')).toBe('I asked Cline to refactor the module.');
    expect(correct('Send it to Pria.')).toBe('Send it to Priya.');
    expect(correct('Vie test runs fast.')).toBe('Vitest runs fast.');
  });

  it('spells a model name as listed, but keeps the real word (OpenWhispr #41: Qwen heard as quen, queen)', () => {
    const qwen = corrector(['Qwen']);
    expect(qwen('Ask quen about it.')).toBe('Ask Qwen about it.');
    expect(qwen('The queen said hello.')).toBe('The queen said hello.');
  });

  it('corrects a near spelling even where the sound differs a little', () => {
    expect(correct('Store it in Postgre.')).toBe('Store it in Postgres.');
    expect(correct('Kubernetis is up.')).toBe('Kubernetes is up.');
  });

  it("keeps a possessive 's", () => {
    expect(correct("It runs on git hub's servers.")).toBe("It runs on GitHub's servers.");
    expect(correct("Klein's answer")).toBe("Cline's answer");
  });

  it('reports each change', () => {
    const vocabulary = prepareVocabulary(WORDS, COMMON_WORDS_EN);
    const { changes } = correctVocabulary('cube or netties and git hub', {
      vocabulary,
      tolerance: 0.3,
      common: COMMON_WORDS_EN,
    });
    expect(changes).toEqual([
      { from: 'cube or netties', to: 'Kubernetes' },
      { from: 'git hub', to: 'GitHub' },
    ]);
  });

  it('stays within a sentence: words split by a comma or period are not joined', () => {
    expect(correct('It was a post. Gress is a name.')).toBe('It was a post. Gress is a name.');
  });
});

describe('no over-correction of ordinary sentences', () => {
  const ordinary = [
    'The cube is on the table or near it.',
    'Please post the letter to Grace before noon.',
    "I'll clean the kitchen and clone the repo.",
    'Get the hub cap from the car.',
    'She said a prayer for the client.',
    'That is the test we wrote last week.',
    'I told a story about the Tory party.',
    'Post grads often work late.',
    'The prior year was better for everyone.',
    'We pray for rain in the summer.',
    'Put the jar on the top shelf.',
    'The engine is running and the clock is ticking.',
    'He ate cubes of cheese with the nets.',
    'My sister plays the violin in a quartet.',
    'Could you send me the notes from the meeting?',
    'The line at the store was long, so I came back later.',
    'Open the window, it is hot in here.',
    'I think the proposal needs another review.',
    'The kids went to the zoo and saw a lion.',
    'Our team will present the results tomorrow.',
    'Commit the notes and push them to the node server.',
    'Post the graph on the board, and the data too.',
    'There is a graph in a paper we read.',
    'The sequel light show was better.',
    'The cleaner said the lines were straight.',
    'We need a clinic near the tower.',
    'The taurine in the drink is fine.',
    'Pre-order the book and pay later.',
    'This zone is quiet.',
    'The Kubernetes nodes are up and the pods are healthy.',
    'He needs the notes and the nets by noon.',
  ];

  it.each(ordinary)('leaves "%s" alone', (sentence) => {
    expect(correct(sentence)).toBe(sentence);
  });

  it('ignores a listed word that is an everyday word', () => {
    const withEveryday = corrector(['Go', 'Kubernetes']);
    expect(withEveryday('I will go home.')).toBe('I will go home.');
  });

  it('only fixes spelling and spacing at tolerance 0', () => {
    const strict = corrector(WORDS, 0);
    expect(strict('cube or netties on git hub')).toBe('cube or netties on GitHub');
  });

  it('does nothing without a words list', () => {
    expect(corrector([])('cube or netties')).toBe('cube or netties');
  });
});
