-- The seed's changes: pennette more al dente, spaghetti renamed (a primary key change), linguine gone.
update pasta set cooking_minutes=6 where name='pennette';
update pasta set name='spaghettini' where name='spaghetti';
delete from pasta where name='linguine';
