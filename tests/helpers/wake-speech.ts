/** Ordinary sentences for wake-word tests: none holds the phrase, some sound close to it. */
export const NON_WAKE_SENTENCES = [
  'The weather is nice today and I would like a cup of tea.',
  'Please send the quarterly report to the finance team before Friday.',
  'We walked along the river until the sun went down behind the hills.',
  'Harvey said the jar was very heavy, so he carried it with both hands.',
  'Remember to buy milk, bread, eggs and some fresh vegetables.',
  'The meeting has been moved to Thursday afternoon at three o clock.',
  'A quick brown fox jumps over the lazy dog near the old barn.',
  'Can you check whether the server restarted after the update last night?',
  'Jarrod and Jarvinen played chess in the park for hours.',
  'My favourite book is about a sailor who travels around the world.',
  'Hey there, it is good to see you again after such a long time.',
  'The children built a castle of sand and waited for the tide.',
  'Our train leaves from platform nine, so we should hurry up.',
  'He turned the key, opened the door and switched on the light.',
  'Service was slow, but the soup was warm and the bread was fresh.',
  'Artificial intelligence is changing how people write and search.',
];

/** espeak-ng voices the sentences are said in. */
export const OTHER_VOICES = ['en-us', 'en-gb', 'en-us+f3', 'en-gb-scotland', 'en-gb-x-rp', 'en-us+m3'];
