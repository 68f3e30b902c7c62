// The course map: the course's topics in the order of its notes, each with its sample files and
// what to look at in NetLens to see the idea happen. One table feeds the "Open Course Samples"
// quick pick, the walkthrough's course page and the README's "Course map" (tests keep them equal).

/** A text in both languages of the course. */
export interface Bilingual {
  readonly en: string;
  readonly es: string;
}

export interface CourseSample {
  /** A file name in samples/ (flat). */
  readonly file: string;
  /** Which view, hover or debugger stop shows the phenomenon. */
  readonly look: Bilingual;
}

export interface CourseTopic {
  readonly number: number;
  readonly title: Bilingual;
  readonly samples: readonly CourseSample[];
}

export type CourseLanguage = keyof Bilingual;

const topic = (number: number, en: string, es: string, samples: readonly CourseSample[]): CourseTopic => ({ number, title: { en, es }, samples });
const sample = (file: string, en: string, es: string): CourseSample => ({ file, look: { en, es } });

export const COURSE: readonly CourseTopic[] = [
  topic(1, 'The perceptron and logic gates', 'El perceptrón y las compuertas lógicas', [
    sample('perceptron-and.nn', 'Step one training step: the outputs are the AND truth table (0, 0, 0, 1); the panel draws the line x2 = −4/5·x1 + 6/5 on the decision boundary.', 'Avanza un paso de entrenamiento: las salidas son la tabla de verdad de AND (0, 0, 0, 1); el panel dibuja la recta x2 = −4/5·x1 + 6/5 en la frontera de decisión.'),
    sample('perceptron-or.nn', 'The same neuron with other weights computes OR: compare its decision line with the AND one.', 'La misma neurona con otros pesos calcula OR: compara su recta de decisión con la de AND.'),
  ]),
  topic(2, 'XOR and the hidden layer', 'XOR y la capa oculta', [
    sample('xor-single-neuron.nn', 'Train it: the accuracy curve never passes 75 % and the boundary stays a straight line.', 'Entrénala: la curva de exactitud nunca pasa del 75 % y la frontera sigue siendo una recta.'),
    sample('xor.nn', 'Train it: accuracy reaches 100 %; the boundary bends and each hidden neuron\'s map shows one of its lines.', 'Entrénala: la exactitud llega al 100 %; la frontera se curva y el mapa de cada neurona oculta muestra una de sus rectas.'),
  ]),
  topic(3, 'TensorFlow Playground practice', 'Práctica con TensorFlow Playground', [
    sample('playground-two-blobs.nn', 'One sigmoid neuron separates the two blobs: watch the decision boundary settle.', 'Una sola neurona sigmoide separa las dos nubes: mira cómo se asienta la frontera de decisión.'),
    sample('playground-four-squares.nn', 'Four squares need a hidden layer: the hidden neurons\' maps each draw one cut.', 'Los cuatro cuadrados necesitan una capa oculta: el mapa de cada neurona oculta dibuja un corte.'),
    sample('playground-circle.nn', 'A ring inside a ring: the boundary closes around the centre as the loss falls.', 'Un anillo dentro de otro: la frontera se cierra alrededor del centro a medida que baja la pérdida.'),
    sample('playground-spiral.nn', 'On x1, x2 alone the test loss stays high; add the sin x1, sin x2 features and tanh and watch the spiral appear on the boundary.', 'Solo con x1, x2 la pérdida de prueba sigue alta; añade las características sin x1, sin x2 y tanh y mira aparecer la espiral en la frontera.'),
  ]),
  topic(4, 'Gradient descent and linear regression', 'Descenso por gradiente y regresión lineal', [
    sample('linear-regression.nn', 'Train it and watch the weights in the panel converge to the least-squares solution (XᵀX)⁻¹Xᵀy; the loss curve flattens.', 'Entrénala y mira en el panel cómo los pesos convergen a la solución de mínimos cuadrados (XᵀX)⁻¹Xᵀy; la curva de pérdida se aplana.'),
  ]),
  topic(5, 'Activation functions', 'Funciones de activación', [
    sample('activations.nn', 'Hover each layer for its formula; the histograms show sigmoid in (0, 1), tanh in (−1, 1), ReLU cut at 0 and softmax rows summing to 1; the weights\' variance is about 2/(n_in + n_out).', 'Pasa el ratón por cada capa para ver su fórmula; los histogramas muestran la sigmoide en (0, 1), tanh en (−1, 1), ReLU cortada en 0 y filas de softmax que suman 1; la varianza de los pesos es cerca de 2/(n_in + n_out).'),
  ]),
  topic(6, 'Vanishing and exploding gradients', 'Gradientes que se desvanecen y que explotan', [
    sample('vanishing-gradients.nn', 'Debug one step: going backward, the ‖grad‖ next to each line shrinks by orders of magnitude; the Vanishing gradient breakpoint stops on the first layers.', 'Depura un paso: hacia atrás, la ‖grad‖ junto a cada línea se reduce en órdenes de magnitud; el punto de interrupción de gradiente que se desvanece se detiene en las primeras capas.'),
    sample('vanishing-gradients-relu.nn', 'The ReLU/residual twin: the same depth, and the first layer\'s ‖grad‖ stays close to the last one\'s (graph colours in the panel).', 'La gemela con ReLU y conexiones residuales: la misma profundidad, y la ‖grad‖ de la primera capa queda cerca de la de la última (colores del grafo en el panel).'),
    sample('exploding-gradients.nn', 'Train it: two runs from the same weights — without clipping the loss turns NaN, with clip_norm = 1 it trains; debug it with the NaN or Inf breakpoint to see the layer where it starts.', 'Entrénalo: dos ejecuciones desde los mismos pesos — sin recorte la pérdida se vuelve NaN, con clip_norm = 1 entrena; depúralo con el punto de interrupción NaN o Inf para ver la capa donde empieza.'),
  ]),
  topic(7, 'Optimizers', 'Optimizadores', [
    sample('optimizers.nn', 'Train it: one loss curve per optimizer, all from the same weights and seed — Adam drops fast, plain SGD slowly, gd (one step per epoch) crawls, and Adadelta barely moves at α = 0.03.', 'Entrénalo: una curva de pérdida por optimizador, todos desde los mismos pesos y la misma semilla — Adam baja rápido, SGD simple despacio, gd (un paso por época) se arrastra y Adadelta apenas se mueve con α = 0.03.'),
  ]),
  topic(8, 'Regularization', 'Regularización', [
    sample('regularization.nn', 'Train it: one curve per penalty (none, L1, L2) from the same weights; then keep only l1=0.01 on the loss line, train, and the hidden kernel\'s histogram shows a spike of exact zeros.', 'Entrénalo: una curva por penalización (ninguna, L1, L2) desde los mismos pesos; luego deja solo l1=0.01 en la línea loss, entrena, y el histograma del kernel oculto muestra un pico de ceros exactos.'),
    sample('dropout.nn', 'Debug one step: in training the dropout output has zeros and the rest scaled by 1/(1−p); at evaluation it passes its input unchanged.', 'Depura un paso: en entrenamiento la salida de dropout tiene ceros y el resto escalado por 1/(1−p); en evaluación deja pasar su entrada sin cambios.'),
    sample('batchnorm.nn', 'Step through the batchnorm layer: its output has the batch\'s mean 0 and std 1; the moving mean and variance follow the batches.', 'Recorre la capa batchnorm: su salida tiene media 0 y desviación 1 en el lote; la media y la varianza móviles siguen a los lotes.'),
    sample('early-stopping.nn', 'Train it: the validation loss turns up and training stops at the best validation epoch (patience on the train line).', 'Entrénalo: la pérdida de validación vuelve a subir y el entrenamiento se detiene en la mejor época de validación (patience en la línea train).'),
  ]),
  topic(9, 'Convolutional networks', 'Redes convolucionales', [
    sample('conv-edge.nn', 'Step it and open the edges output: the course\'s 4×4 matrix, number for number, also as a feature map in the panel.', 'Avánzalo paso a paso y abre la salida de edges: la matriz 4×4 del curso, número por número, también como mapa de características en el panel.'),
    sample('conv-padding-stride.nn', 'Hover each convolution: the size formula ⌊(n + 2p − f)/s⌋ + 1 with your numbers for valid, same and stride 2.', 'Pasa el ratón por cada convolución: la fórmula de tamaño ⌊(n + 2p − f)/s⌋ + 1 con tus números para valid, same y paso 2.'),
    sample('lenet-course.nn', 'The inlay hints give each layer\'s shape and parameters; the header says where the course\'s printed table is wrong.', 'Las pistas en línea dan la forma y los parámetros de cada capa; la cabecera dice dónde está mal la tabla impresa del curso.'),
    sample('mnist-convnet.nn', 'Train it on the bundled MNIST subset and watch the first layer\'s feature maps and the accuracy curve.', 'Entrénala con el subconjunto de MNIST incluido y mira los mapas de características de la primera capa y la curva de exactitud.'),
  ]),
  topic(10, 'Recurrent networks and LSTM', 'Redes recurrentes y LSTM', [
    sample('lstm-sequence.nn', 'Debug one step and step into lstm1: the gates f_t, i_t, o_t stay in [0, 1] at every time step; the panel draws them over time.', 'Depura un paso y entra en lstm1: las compuertas f_t, i_t, o_t quedan en [0, 1] en cada instante; el panel las dibuja a lo largo del tiempo.'),
  ]),
  topic(11, 'Autoencoders', 'Autoencoders', [
    sample('autoencoder.nn', 'Train the 6 → 3 → 6 network: the reconstruction error falls and the panel shows inputs beside their reconstructions.', 'Entrena la red 6 → 3 → 6: el error de reconstrucción baja y el panel muestra las entradas junto a sus reconstrucciones.'),
    sample('autoencoder-denoising.nn', 'Noisy inputs, clean targets: compare the reconstructions with the noisy inputs.', 'Entradas con ruido, objetivos limpios: compara las reconstrucciones con las entradas ruidosas.'),
  ]),
  topic(12, 'Generative adversarial networks', 'Redes generativas antagónicas (GAN)', [
    sample('gan.nn', 'Train it: the discriminator\'s output on the generator\'s samples drifts toward 0.5 as the fakes approach the real distribution.', 'Entrénala: la salida del discriminador sobre las muestras del generador tiende a 0.5 a medida que las falsas se parecen a la distribución real.'),
  ]),
  topic(13, 'Attention and transformers', 'Atención y transformers', [
    sample('attention.nn', 'Step it and open the attention scores: the course\'s "I love Italian food" / "Amo la comida italiana" table; every row sums to 1.', 'Avánzalo paso a paso y abre los pesos de atención: la tabla del curso "I love Italian food" / "Amo la comida italiana"; cada fila suma 1.'),
    sample('tiny-transformer.nn', 'Train it on the copy task and open the attention heads: the causal mask leaves the future entries at 0.', 'Entrénalo en la tarea de copia y abre las cabezas de atención: la máscara causal deja a 0 las entradas futuras.'),
  ]),
  topic(14, 'Graph neural networks', 'Redes neuronales de grafos', [
    sample('gnn.nn', 'Train it: message passing over the graph classifies the nodes; compare its accuracy with the graph-blind baseline.', 'Entrénala: el paso de mensajes sobre el grafo clasifica los nodos; compara su exactitud con la de la base que no ve el grafo.'),
    sample('gnn-blind-mlp.nn', 'The same features without the graph: a plain MLP, and a lower accuracy.', 'Las mismas características sin el grafo: un MLP simple, y una exactitud menor.'),
  ]),
  topic(15, 'Tensors and broadcasting', 'Tensores y broadcasting', [
    sample('tensors.nn', 'Hover the add and reshape lines for the broadcast and view shapes; add the Try line\'s [3, 2] + [3] and Problems says why it fails and how to fix it.', 'Pasa el ratón por las líneas add y reshape para ver las formas del broadcasting y de la vista; añade el [3, 2] + [3] de la línea Prueba y Problemas dice por qué falla y cómo arreglarlo.'),
  ]),
];

/** Every sample file the course names, in course order. */
export function courseSampleFiles(course: readonly CourseTopic[] = COURSE): string[] {
  return course.flatMap((t) => t.samples.map((s) => s.file));
}

/** The topic and entry of a sample file, or undefined when the course does not name it. */
export function findCourseSample(file: string, course: readonly CourseTopic[] = COURSE): { topic: CourseTopic; sample: CourseSample } | undefined {
  for (const t of course) {
    const found = t.samples.find((s) => s.file === file);
    if (found) return { topic: t, sample: found };
  }
  return undefined;
}

const HEADINGS: Record<CourseLanguage, readonly string[]> = {
  en: ['#', 'Topic', 'Sample', 'What to look at'],
  es: ['#', 'Tema', 'Ejemplo', 'Qué mirar'],
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The course map as a Markdown table (README, walkthrough): one row per sample. */
export function courseMapMarkdown(language: CourseLanguage, course: readonly CourseTopic[] = COURSE): string {
  const headings = HEADINGS[language];
  const rows = [`| ${headings.join(' | ')} |`, `|${headings.map(() => '---').join('|')}|`];
  for (const t of course) {
    t.samples.forEach((s, i) => {
      const first = i === 0;
      rows.push(`| ${first ? t.number : ''} | ${first ? cell(t.title[language]) : ''} | \`${s.file}\` | ${cell(s.look[language])} |`);
    });
  }
  return rows.join('\n');
}

/** Where the README's generated course map starts and ends. */
export const README_COURSE_MAP_MARKERS = [
  '<!-- course-map: generated from src/core/course/courseMap.ts by `npx tsx scripts/course-map.ts`; edit it there -->',
  '<!-- /course-map -->',
] as const;

const PAGE_INTRO: Record<CourseLanguage, string> = {
  en: '## The course, sample by sample\n\nEvery sample says at its top, in English and in Spanish, what it shows and what to try.',
  es: '## El curso, ejemplo a ejemplo\n\nCada ejemplo dice al principio, en inglés y en español, qué muestra y qué probar.',
};

/** The walkthrough's last page (media/walkthrough/courseSamples[.nls.es].md). */
export function courseWalkthroughPage(language: CourseLanguage, course: readonly CourseTopic[] = COURSE): string {
  return `${PAGE_INTRO[language]}\n\n${courseMapMarkdown(language, course)}\n`;
}
