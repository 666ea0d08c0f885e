-- 5,000,000 notes of generated Russian and English text for bench/search.sh: user 1 has 50,000, one row in a hundred
-- throughout the table, as a diary written over years among others' is; users 2-49501 have about 100 each. Every note is 6-19 words drawn from 263 (both languages; the pgbench scripts pick among the same 263), with a #tag now and then.
SET maintenance_work_mem = '1GB';
CREATE TABLE bench_word (id int PRIMARY KEY, word text NOT NULL);
INSERT INTO bench_word (id, word)
SELECT row_number() OVER (), w FROM regexp_split_to_table(
'утро вечер день ночь работа дом семья друг подруга мама папа сын дочь город парк море река лес поле дорога поезд
самолёт машина автобус погода дождь снег солнце ветер весна лето осень зима праздник отпуск встреча разговор письмо
книга фильм музыка песня концерт театр выставка музей кафе ресторан обед ужин завтрак кофе чай хлеб суп салат торт
прогулка спорт бег плавание велосипед футбол йога здоровье врач больница лекарство сон усталость радость грусть
тревога спокойствие счастье любовь надежда страх мечта план цель проект задача ошибка успех неудача идея мысль
вопрос ответ решение выбор время неделя месяц год вчера сегодня завтра ёлка новый старый красивый тихий громкий
холодный тёплый хороший плохой важный интересный скучный долгий короткий гулять читать писать думать говорить
слушать смотреть работать отдыхать готовить покупать встречать звонить ждать помнить забывать учиться
morning evening day night work home family friend mother father son daughter city park sea river forest field road
train plane car bus weather rain snow sun wind spring summer autumn winter holiday vacation meeting conversation letter
book film music song concert theatre exhibition museum cafe restaurant lunch dinner breakfast coffee tea bread soup
salad cake walk sport running swimming bicycle football yoga health doctor hospital medicine sleep tiredness joy
sadness anxiety calm happiness love hope fear dream plan goal project task mistake success failure idea thought
question answer decision choice time week month year yesterday today tomorrow new old beautiful quiet loud cold warm
good bad important interesting boring long short walking reading writing thinking talking listening watching working
resting cooking buying meeting calling waiting remembering forgetting learning garden kitchen window', E'\\s+') w;

INSERT INTO telegram_user (id, first_name) SELECT g, 'Bench' FROM generate_series(1, 49501) g;

DROP INDEX note_search_idx;
DROP INDEX note_owned_words_idx;
ALTER TABLE note DISABLE TRIGGER USER;
INSERT INTO note (user_id, text, created_at, entry_date)
SELECT CASE WHEN g % 100 = 0 THEN 1 ELSE 2 + g % 49500 END,
       (SELECT string_agg(CASE WHEN random() < 0.03 THEN '#' ELSE '' END || word, ' ')
        FROM (SELECT word FROM bench_word
              WHERE id IN (SELECT 1 + floor(random() * (SELECT count(*) FROM bench_word))::int + 0 * g
                           FROM generate_series(1, 6 + g % 14))) words),
       now() - make_interval(mins => g), now() - make_interval(mins => g)
FROM generate_series(1, 5000000) g;
ALTER TABLE note ENABLE TRIGGER USER;
CREATE INDEX note_search_idx ON note USING gin (user_id, search);
CREATE INDEX note_owned_words_idx ON note USING gin (note_owned_words(user_id, search));
VACUUM ANALYZE note;
